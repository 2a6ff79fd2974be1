/*
 * Frontdesk plugin ABI — the one C interface between frontdeskd and a channel plugin.
 *
 * A plugin is a shared library exporting `frontdesk_plugin()`, which returns a static
 * `fd_plugin` descriptor. Every struct that crosses the boundary starts with its own size
 * (and the descriptor with the ABI version) so the host can refuse or adapt to a plugin
 * built against another version. Fields are only ever appended. No C++ exception may cross
 * this boundary: the C++ helper in plugin.hpp catches them on the plugin side.
 *
 * Strings are (pointer, length) pairs, UTF-8, not NUL-terminated unless stated, and valid
 * only for the duration of the call that passes them: copy what you keep.
 */
#ifndef FRONTDESK_PLUGIN_H
#define FRONTDESK_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

/* A C header for C and C++ plugins alike: C idioms are deliberate here. */
/* NOLINTBEGIN(modernize-*) */
#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change; the host refuses a plugin whose version differs. */
#define FD_PLUGIN_ABI_VERSION 1u

#define FD_PLUGIN_ENTRY "frontdesk_plugin"

#if defined(__GNUC__)
#define FD_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define FD_PLUGIN_EXPORT
#endif

typedef struct fd_str {
  const char* data;
  size_t size;
} fd_str;

typedef struct fd_header {
  fd_str name;
  fd_str value;
} fd_header;

/* ---- logging ---------------------------------------------------------------------- */

typedef enum fd_log_level {
  FD_LOG_DEBUG = 0,
  FD_LOG_INFO = 1,
  FD_LOG_WARN = 2,
  FD_LOG_ERROR = 3
} fd_log_level;

/* ---- configuration ---------------------------------------------------------------- */

typedef enum fd_config_type {
  FD_CONFIG_STRING = 0,
  FD_CONFIG_INT = 1,
  FD_CONFIG_BOOL = 2,
  FD_CONFIG_LIST = 3, /* a YAML sequence; the plugin reads its items from the JSON */
  FD_CONFIG_MAP = 4   /* a YAML mapping; the plugin validates its inner keys */
} fd_config_type;

/* One key a plugin accepts under `channels.<name>`. The host rejects unknown keys and
 * values of the wrong type before the plugin is created, listing the valid keys.
 * `default_json` is the key's default as JSON text (e.g. "10", "\"smtp\"", "[]"). */
typedef struct fd_config_key {
  const char* name;
  fd_config_type type;
  const char* default_json;
  const char* description;
} fd_config_key;

/* ---- HTTP routes -------------------------------------------------------------------- */

typedef struct fd_http_request {
  uint32_t struct_size;
  fd_str method;      /* "GET", "POST", ... */
  fd_str path;        /* decoded-free path without the query, e.g. "/support/new" */
  fd_str query;       /* raw query string without '?' */
  fd_str remote_addr; /* peer IP address as text */
  const fd_header* headers;
  size_t header_count;
  fd_str body;        /* the full body; the host has enforced its size limit */
  const fd_str* params; /* values of ":name" segments of the registered pattern, in order */
  size_t param_count;
} fd_http_request;

typedef struct fd_http_response {
  uint32_t struct_size;
  uint16_t status;
  fd_str content_type;
  fd_str body;
  const fd_header* headers; /* extra headers; CR or LF in a value makes the host answer 500 */
  size_t header_count;
} fd_http_response;

/* Handle of one in-flight HTTP exchange. The plugin must call host->respond exactly once,
 * from any thread, possibly after the handler returned (e.g. once an ingest committed). */
typedef struct fd_responder fd_responder;

typedef void (*fd_route_handler)(void* user, const fd_http_request* request,
                                 fd_responder* responder);

/* Route flags. */
#define FD_ROUTE_ANONYMOUS_ONLY 1u /* skipped when the request carries Authorization */

/* ---- inbound messages ----------------------------------------------------------------- */

typedef struct fd_attachment {
  fd_str filename;
  fd_str content_type;
  fd_str data;
  fd_str content_id; /* for inline images; empty otherwise */
} fd_attachment;

/* Inbound flags. */
#define FD_INBOUND_ISSUE_CUSTOMER_TOKEN 1u /* return a customer API token for a new ticket */
#define FD_INBOUND_NEW_TICKET 2u           /* never thread onto an existing ticket */

/* A message normalized by its channel. `external_id` is the channel's own id (Message-ID,
 * wamid, MessageSid, a web form submission id): the host stores each (channel, external_id)
 * once, so a redelivery is answered as a duplicate without any change. */
typedef struct fd_inbound_message {
  uint32_t struct_size;
  fd_str external_id;
  fd_str identity_kind;  /* "email", "phone", "whatsapp", ... */
  fd_str identity_value; /* normalized by the channel (lower-case address, E.164 number) */
  fd_str customer_name;
  fd_str customer_language; /* BCP 47 tag or empty */
  fd_str ticket_ref;        /* a ticket number the message names (e.g. [TKT-...]) or empty */
  const fd_str* thread_keys; /* keys that may identify an existing ticket (References) */
  size_t thread_key_count;
  fd_str own_thread_key; /* key later messages will use to refer to this one, or empty */
  fd_str subject;
  fd_str body;     /* displayable text */
  fd_str category; /* optional hint: one of the ticket categories */
  fd_str priority; /* optional hint: urgent|high|medium|low */
  const fd_attachment* attachments;
  size_t attachment_count;
  fd_str metadata_json; /* channel-specific JSON object stored with the message, or empty */
  uint32_t flags;
} fd_inbound_message;

typedef enum fd_ingest_status {
  FD_INGEST_CREATED = 0,   /* a new ticket was created */
  FD_INGEST_APPENDED = 1,  /* the message was added to an existing ticket */
  FD_INGEST_DUPLICATE = 2, /* already stored earlier: nothing changed */
  FD_INGEST_REJECTED = 3,  /* invalid input: nothing changed; error says why */
  FD_INGEST_FAILED = 4     /* storage unavailable: nothing changed; retry later */
} fd_ingest_status;

typedef struct fd_inbound_result {
  uint32_t struct_size;
  fd_ingest_status status;
  int64_t ticket_id;
  int64_t message_id;
  fd_str ticket_number;
  fd_str customer_token; /* plaintext, only when requested and a ticket was created */
  fd_str error;
  fd_str ticket_status; /* the ticket's status after this message, e.g. "open" */
} fd_inbound_result;

/* Called once per submitted message, after the commit, on a host thread. */
typedef void (*fd_inbound_done)(void* user, const fd_inbound_result* result);

/* ---- outbound messages ---------------------------------------------------------------- */

typedef struct fd_outbound_message {
  uint32_t struct_size;
  int64_t outbox_id;
  int64_t ticket_id;
  int64_t message_id;
  fd_str ticket_number;
  fd_str to_kind;  /* identity kind of the recipient */
  fd_str to_value; /* address, number, wa_id */
  fd_str subject;
  fd_str body;
  fd_str metadata_json; /* e.g. In-Reply-To/References for email, template for WhatsApp */
  uint32_t attempt;     /* 1 on the first try */
  /* Appended: Unix time in milliseconds of the recipient's latest inbound message on this
   * channel (any of their tickets), 0 when there is none. WhatsApp uses it for the 24-hour
   * customer-service window. */
  int64_t last_inbound_at_ms;
} fd_outbound_message;

typedef enum fd_delivery_status {
  FD_DELIVERY_SENT = 0,
  FD_DELIVERY_TRANSIENT = 1, /* retry later with backoff */
  FD_DELIVERY_PERMANENT = 2  /* never retry; the message is marked failed */
} fd_delivery_status;

typedef void (*fd_deliver_done)(void* user, fd_delivery_status status, fd_str provider_id,
                                fd_str error);

/* Outcome of update_delivery: the message was found and updated, nothing matched, or the
 * storage failed (the provider should retry its callback later). */
typedef enum fd_update_result {
  FD_UPDATE_APPLIED = 0,
  FD_UPDATE_NOT_FOUND = 1,
  FD_UPDATE_FAILED = 2
} fd_update_result;

typedef void (*fd_update_done)(void* user, fd_update_result result);

/* ---- the host ----------------------------------------------------------------------- */

typedef struct fd_host fd_host; /* opaque per-plugin host handle */

typedef struct fd_host_api {
  uint32_t abi_version;
  uint32_t struct_size;
  void (*log)(fd_host* host, fd_log_level level, fd_str message);
  /* Registers `method pattern` (segments ":name" capture). Returns 0, or -1 when the route
   * clashes with one already registered. Only during create(); `user` is passed back to
   * the handler unchanged. If create() fails, the host never serves the plugin's routes
   * (the daemon does not start), so handlers may point into the failed state. */
  int (*register_route)(fd_host* host, fd_str method, fd_str pattern, uint32_t flags,
                        fd_route_handler handler, void* user);
  void (*respond)(fd_responder* responder, const fd_http_response* response);
  /* Queues a message for the ingest pipeline; `done` runs after it is committed. */
  void (*submit_inbound)(fd_host* host, const fd_inbound_message* message,
                         fd_inbound_done done, void* user);
  /* The host's boost::asio::io_context*, for plugins that run their own listeners. Such a
   * plugin must be built against the same Boost version as the host (see plugin.hpp). */
  void* (*io_context)(fd_host* host);
  /* Records a provider's delivery report for an outbound message of this channel, found by
   * the provider id its deliver() reported (a wamid, a MessageSid, an email Message-ID).
   * `status` is one of sent, delivered, read, failed; a report older than what is stored
   * (delivered after read) changes nothing. `done` runs after the commit. */
  void (*update_delivery)(fd_host* host, fd_str provider_id, fd_str status, fd_str error,
                          fd_update_done done, void* user);
  /* Appended: merges the members of the JSON object `metadata_json` into the metadata of
   * message `message_id` of this channel (e.g. the SMS segment count of a sent reply).
   * `done` runs after the commit: APPLIED, NOT_FOUND (no such message on this channel or
   * not a JSON object) or FAILED (storage unavailable). */
  void (*annotate_message)(fd_host* host, int64_t message_id, fd_str metadata_json,
                           fd_update_done done, void* user);
} fd_host_api;

/* ---- the plugin descriptor ------------------------------------------------------------ */

typedef struct fd_plugin {
  uint32_t abi_version; /* FD_PLUGIN_ABI_VERSION the plugin was built with */
  uint32_t struct_size; /* sizeof(fd_plugin) the plugin was built with */
  const char* name;     /* channel name, e.g. "webform"; NUL-terminated */
  const char* version;  /* plugin version, NUL-terminated */
  const fd_config_key* config_keys;
  size_t config_key_count;
  /* Creates the plugin's state from its validated config (a JSON object with every
   * declared key). On failure returns NULL and writes a NUL-terminated reason to err. */
  void* (*create)(const fd_host_api* api, fd_host* host, fd_str config_json, char* err,
                  size_t err_size);
  /* Starts inputs (listeners, pollers). Returns 0, or non-zero with a reason in err. */
  int (*start)(void* state, char* err, size_t err_size);
  /* Stops accepting input; in-flight work may still complete. */
  void (*stop)(void* state);
  void (*destroy)(void* state);
  /* Delivers one outbound message; calls done exactly once. NULL for input-only channels. */
  void (*deliver)(void* state, const fd_outbound_message* message, fd_deliver_done done,
                  void* user);
} fd_plugin;

typedef const fd_plugin* (*fd_plugin_entry)(void);

#ifdef __cplusplus
}
#endif
/* NOLINTEND(modernize-*) */

#endif /* FRONTDESK_PLUGIN_H */
