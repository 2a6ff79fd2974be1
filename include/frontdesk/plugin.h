// SPDX-License-Identifier: Apache-2.0
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
  /* Appended: when not empty, the answer is the daemon's page of this name
   * (web/pages/<page>.mustache inside the site's layout) and `body` is the page's own data
   * as a JSON object; the host renders it in the locale the request asks for (?lang=,
   * Accept-Language, the default) with the site's message catalogues as {{t.*}}, and adds
   * Content-Language and the pages' security headers. `content_type` is then ignored. */
  fd_str page;
} fd_http_response;

/* Handle of one in-flight HTTP exchange. The plugin must call host->respond exactly once,
 * from any thread, possibly after the handler returned (e.g. once an ingest committed). */
typedef struct fd_responder fd_responder;

typedef void (*fd_route_handler)(void* user, const fd_http_request* request,
                                 fd_responder* responder);

/* Route flags. */
#define FD_ROUTE_ANONYMOUS_ONLY 1u /* skipped when the request carries Authorization */

/* ---- inbound messages ----------------------------------------------------------------- */

/* Limits the host enforces on an inbound message (bytes; see the field list below). */
#define FD_INBOUND_LINE_BYTES 998u     /* one-line fields: an RFC 5322 line */
#define FD_INBOUND_TEXT_BYTES 1048576u /* the body: 1 MiB */
#define FD_INBOUND_NAME_BYTES 255u     /* attachment names and types */
#define FD_INBOUND_MAX_THREAD_KEYS 100u

/* An attachment's fields, written once: fd_attachment below, the SDK's
 * frontdesk::sdk::Attachment and every copy the host makes of it are expanded from this
 * list. fd_attachment is an array element without a size of its own, so it never grows.
 *   TEXT(name, stored_as, max_bytes)   UTF-8 text;  BYTES(name, stored_as)   any bytes
 * `stored_as` is the key the host stores the field under. */
#define FD_ATTACHMENT_FIELDS(TEXT, BYTES)                                                    \
  TEXT(filename, "filename", FD_INBOUND_NAME_BYTES)                                          \
  TEXT(content_type, "contentType", FD_INBOUND_NAME_BYTES)                                   \
  BYTES(data, "data")                                                                        \
  /* for inline images (cid:); empty otherwise */                                            \
  TEXT(content_id, "contentId", FD_INBOUND_LINE_BYTES)

#define FD_ABI_TEXT_MEMBER_(name, stored_as, max_bytes) fd_str name;
#define FD_ABI_BYTES_MEMBER_(name, stored_as) fd_str name;
typedef struct fd_attachment {
  FD_ATTACHMENT_FIELDS(FD_ABI_TEXT_MEMBER_, FD_ABI_BYTES_MEMBER_)
} fd_attachment;

/* Inbound flags. */
#define FD_INBOUND_ISSUE_CUSTOMER_TOKEN 1u /* return a customer API token for a new ticket */
#define FD_INBOUND_NEW_TICKET 2u           /* never thread onto an existing ticket */

/* The one list of an inbound message's fields, in ABI order. fd_inbound_message below, the
 * SDK's frontdesk::sdk::InboundMessage (plugin.hpp), its conversions in both directions,
 * the fake host (testing.hpp) and the daemon's copy, checks and stored form are all
 * expanded from it: a field added here (at the end: fields are only ever appended) reaches
 * every one of them.
 *
 *   TEXT(name, stored_as, max_bytes, rule)            fd_str name;
 *   TEXT_LIST(name, count, stored_as, max_bytes, max_items)
 *                                                     const fd_str* name; size_t count;
 *   ATTACHMENTS(name, count, stored_as)               const fd_attachment* name; size_t count;
 *   FLAGS(name)                                       uint32_t name;  (FD_INBOUND_*)
 *
 * `stored_as` is the key the host stores the field under; `max_bytes` the most UTF-8 bytes
 * the host accepts (per item for a list); `rule` what else it checks:
 *   FD_RULE_ANY        nothing more          FD_RULE_REQUIRED     must not be empty
 *   FD_RULE_KIND       [a-z][a-z0-9_]{0,31}  FD_RULE_JSON_OBJECT  empty or a JSON object
 *   FD_RULE_CATEGORY   empty or a ticket category (account, booking, payment, ...)
 *   FD_RULE_PRIORITY   empty or urgent, high, medium, low
 * A message needs a subject, a body or an attachment. */
#define FD_INBOUND_MESSAGE_FIELDS(TEXT, TEXT_LIST, ATTACHMENTS, FLAGS)                       \
  /* The channel's own id (Message-ID, wamid, MessageSid, a web form submission id): the */ \
  /* host stores each (channel, external_id) once, so a redelivery is a duplicate.        */ \
  TEXT(external_id, "external_id", FD_INBOUND_LINE_BYTES, FD_RULE_REQUIRED)                  \
  /* "email", "phone", "whatsapp", ... */                                                    \
  TEXT(identity_kind, "identity_kind", FD_INBOUND_LINE_BYTES, FD_RULE_KIND)                  \
  /* normalized by the channel (lower-case address, E.164 number) */                         \
  TEXT(identity_value, "identity_value", FD_INBOUND_LINE_BYTES, FD_RULE_REQUIRED)            \
  TEXT(customer_name, "customer_name", FD_INBOUND_LINE_BYTES, FD_RULE_ANY)                   \
  /* BCP 47 tag or empty */                                                                  \
  TEXT(customer_language, "language", FD_INBOUND_LINE_BYTES, FD_RULE_ANY)                    \
  /* a ticket number the message names (e.g. [TKT-...]) or empty */                         \
  TEXT(ticket_ref, "ticket_ref", FD_INBOUND_LINE_BYTES, FD_RULE_ANY)                         \
  /* keys that may identify an existing ticket (References) */                               \
  TEXT_LIST(thread_keys, thread_key_count, "thread_keys", FD_INBOUND_LINE_BYTES,              \
            FD_INBOUND_MAX_THREAD_KEYS)                                                      \
  /* the key later messages will use to refer to this one, or empty */                       \
  TEXT(own_thread_key, "own_thread_key", FD_INBOUND_LINE_BYTES, FD_RULE_ANY)                 \
  TEXT(subject, "subject", FD_INBOUND_LINE_BYTES, FD_RULE_ANY)                               \
  /* displayable text */                                                                     \
  TEXT(body, "body", FD_INBOUND_TEXT_BYTES, FD_RULE_ANY)                                     \
  /* optional hints */                                                                       \
  TEXT(category, "category", FD_INBOUND_LINE_BYTES, FD_RULE_CATEGORY)                        \
  TEXT(priority, "priority", FD_INBOUND_LINE_BYTES, FD_RULE_PRIORITY)                        \
  ATTACHMENTS(attachments, attachment_count, "attachments")                                  \
  /* channel-specific JSON object stored with the message ({"tags": [...]} tags the       */ \
  /* ticket), or empty */                                                                    \
  TEXT(metadata_json, "metadata", FD_INBOUND_TEXT_BYTES, FD_RULE_JSON_OBJECT)                \
  FLAGS(flags)

#define FD_ABI_FIELD_TEXT_(name, stored_as, max_bytes, rule) fd_str name;
#define FD_ABI_FIELD_TEXT_LIST_(name, count, stored_as, max_bytes, max_items) \
  const fd_str* name;                                               \
  size_t count;
#define FD_ABI_FIELD_ATTACHMENTS_(name, count, stored_as) \
  const fd_attachment* name;                               \
  size_t count;
#define FD_ABI_FIELD_FLAGS_(name) uint32_t name;

/* A message normalized by its channel: struct_size, then the fields listed above. */
typedef struct fd_inbound_message {
  uint32_t struct_size;
  FD_INBOUND_MESSAGE_FIELDS(FD_ABI_FIELD_TEXT_, FD_ABI_FIELD_TEXT_LIST_,
                            FD_ABI_FIELD_ATTACHMENTS_, FD_ABI_FIELD_FLAGS_)
} fd_inbound_message;

#undef FD_ABI_TEXT_MEMBER_
#undef FD_ABI_BYTES_MEMBER_
#undef FD_ABI_FIELD_TEXT_
#undef FD_ABI_FIELD_TEXT_LIST_
#undef FD_ABI_FIELD_ATTACHMENTS_
#undef FD_ABI_FIELD_FLAGS_

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
  /* Appended: the message's number in its conversation (the customer's messages on this
   * channel, docs/livechat.md); for a duplicate, the number of the message it repeats. */
  int64_t conversation_seq;
} fd_inbound_result;

/* Called once per submitted message, after the commit, on a host thread. */
typedef void (*fd_inbound_done)(void* user, const fd_inbound_result* result);

/* ---- outbound messages ---------------------------------------------------------------- */

/* The one list of an outbound message's fields, in ABI order (after struct_size), written
 * once like FD_INBOUND_MESSAGE_FIELDS: fd_outbound_message, the SDK's OutboundMessage view
 * and owning Outbound, and the host's copy are expanded from it. Append only.
 *   INT(type, name)   an integer member;   TEXT(name)   an fd_str member */
#define FD_OUTBOUND_MESSAGE_FIELDS(INT, TEXT)                                                \
  INT(int64_t, outbox_id)                                                                    \
  INT(int64_t, ticket_id)                                                                    \
  INT(int64_t, message_id)                                                                   \
  TEXT(ticket_number)                                                                        \
  /* identity kind of the recipient */                                                       \
  TEXT(to_kind)                                                                              \
  /* address, number, wa_id */                                                               \
  TEXT(to_value)                                                                             \
  TEXT(subject)                                                                              \
  TEXT(body)                                                                                 \
  /* e.g. In-Reply-To/References for email, template for WhatsApp */                         \
  TEXT(metadata_json)                                                                        \
  /* 1 on the first try */                                                                   \
  INT(uint32_t, attempt)                                                                     \
  /* Appended: Unix time in milliseconds of the recipient's latest inbound message on    */ \
  /* this channel (any of their tickets), 0 when there is none. WhatsApp uses it for the */ \
  /* 24-hour customer-service window.                                                    */ \
  INT(int64_t, last_inbound_at_ms)

#define FD_ABI_INT_MEMBER_(type, name) type name;
#define FD_ABI_TEXT_MEMBER_(name) fd_str name;
typedef struct fd_outbound_message {
  uint32_t struct_size;
  FD_OUTBOUND_MESSAGE_FIELDS(FD_ABI_INT_MEMBER_, FD_ABI_TEXT_MEMBER_)
} fd_outbound_message;
#undef FD_ABI_INT_MEMBER_
#undef FD_ABI_TEXT_MEMBER_

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

/* ---- long-lived connections (WebSocket) ------------------------------------------------
 *
 * A plugin registers a WebSocket route (fd_host_api::register_websocket) during create().
 * For a request to it that asks for an upgrade, the host calls on_open with the request
 * (headers, query, ":name" params, peer address): the plugin accepts by returning 0 (and
 * may set *conn_user, passed back to the other callbacks) or refuses with an HTTP status
 * (e.g. 403 for a foreign Origin), which the host answers instead of upgrading. The host
 * then does the handshake and calls on_message for each complete message the client sends
 * and on_close once when the connection ends, whatever ended it. For one connection these
 * calls never overlap and come in order; different connections run concurrently. A plain
 * GET to the route (no upgrade) is answered 426 by the host.
 *
 * `fd_ws_conn*` stays valid from on_open until the plugin calls ws_release(conn), exactly
 * once, for an accepted connection (after on_close, or earlier if it keeps no handle). A
 * refused connection's handle is released by the host. ws_send and ws_close may be called
 * from any thread, also after on_close (they then do nothing and say so): the host copies
 * the frame and posts it to the connection's strand, so a plugin never blocks on a client.
 *
 * Limits, per route: an incoming message larger than max_message_bytes closes the
 * connection with 1009; outbound frames queued beyond max_queued_bytes drop the client
 * (a slow reader never stalls the host or the plugin); a connection that sends nothing,
 * not even a pong to the host's pings (every idle_timeout_ms / 2), for idle_timeout_ms is
 * closed. A zero limit takes the host's default (FD_WS_DEFAULT_*). At shutdown every
 * connection is closed with 1001 after the plugin's stop(), before its destroy(). */
typedef struct fd_ws_conn fd_ws_conn; /* opaque: one upgraded connection */

typedef enum fd_ws_frame_type { FD_WS_TEXT = 1, FD_WS_BINARY = 2 } fd_ws_frame_type;

typedef enum fd_ws_send_result {
  FD_WS_QUEUED = 0,  /* queued; frames leave in the order they were queued */
  FD_WS_CLOSED = 1,  /* the connection is closing or closed: nothing was queued */
  FD_WS_DROPPED = 2, /* the outbound queue was full: the client is being dropped */
  FD_WS_TOO_BIG = 3  /* larger than the route's max_message_bytes: not queued */
} fd_ws_send_result;

/* Close codes (RFC 6455, 7.4.1) the host sends or reports. */
#define FD_WS_CLOSE_NORMAL 1000u
#define FD_WS_CLOSE_GOING_AWAY 1001u     /* the daemon is shutting down */
#define FD_WS_CLOSE_PROTOCOL_ERROR 1002u
#define FD_WS_CLOSE_POLICY 1008u
#define FD_WS_CLOSE_TOO_BIG 1009u        /* an incoming message exceeded max_message_bytes */
#define FD_WS_CLOSE_ABNORMAL 1006u       /* reported only: no close frame (drop, timeout, reset) */

#define FD_WS_DEFAULT_MAX_MESSAGE_BYTES 65536u
#define FD_WS_DEFAULT_MAX_QUEUED_BYTES 1048576u
#define FD_WS_DEFAULT_IDLE_TIMEOUT_MS 60000u

typedef uint16_t (*fd_ws_open)(void* user, const fd_http_request* request, fd_ws_conn* conn,
                               void** conn_user);
typedef void (*fd_ws_message)(void* conn_user, fd_ws_conn* conn, fd_ws_frame_type type,
                              fd_str data);
/* `code` is the peer's close code, the host's (1001, 1009), or 1006 without a close frame;
 * `reason` says what happened. */
typedef void (*fd_ws_closed)(void* conn_user, fd_ws_conn* conn, uint16_t code, fd_str reason);

typedef struct fd_ws_route {
  uint32_t struct_size;
  fd_ws_open on_open;
  fd_ws_message on_message;
  fd_ws_closed on_close;
  uint32_t max_message_bytes; /* 0: FD_WS_DEFAULT_MAX_MESSAGE_BYTES */
  uint32_t max_queued_bytes;  /* 0: FD_WS_DEFAULT_MAX_QUEUED_BYTES */
  uint32_t idle_timeout_ms;   /* 0: FD_WS_DEFAULT_IDLE_TIMEOUT_MS */
} fd_ws_route;

/* ---- conversations and broadcasts (appended) -------------------------------------------
 *
 * For channels whose customers stay connected (live chat). A conversation is what one
 * customer, known by an identity of this channel (identity_kind = the channel's name), sees
 * of this channel's tickets: every message but internal notes, numbered 1, 2, ... in the
 * order they were committed (`seq`), so a client that reconnects asks for what came after the
 * last seq it saw. The number is stored with the message, the same on every daemon; a message
 * a merge moves in from another channel's ticket gets the next one.
 *
 * A broadcast reaches this channel's plugin on every daemon that shares the database (this
 * one included), after the sender's call, in the order sent (PostgreSQL NOTIFY): how a
 * daemon tells the others that a connected customer has something new. Broadcasts sent
 * while a daemon's listening connection was down are lost; the host then calls the handler
 * with an empty payload once it listens again, meaning "anything may have changed". */
typedef struct fd_conversation_message {
  uint32_t struct_size;
  int64_t seq;
  int64_t message_id;
  int64_t ticket_id;
  int64_t created_at_ms; /* Unix milliseconds */
  fd_str ticket_number;
  fd_str direction;   /* "inbound" (from the customer) or "outbound" */
  fd_str author_kind; /* customer, agent, system, rule, ... */
  fd_str author_name; /* an agent's name; empty otherwise */
  fd_str body;
  fd_str external_id; /* the id the channel gave an inbound message */
} fd_conversation_message;

/* `ok` is 0 when the storage failed; `messages` are valid during the call only. */
typedef void (*fd_conversation_done)(void* user, int ok, const fd_conversation_message* messages,
                                     size_t count);
typedef void (*fd_broadcast_handler)(void* user, fd_str payload);

/* The status page's open incidents, for pages a plugin renders (the web form shows them): JSON
 * {"incidents": [{"id", "title", "impact", "href"}]}, newest first, published ones only, `href`
 * their place on /status. `ok` is 0 when the storage failed; `json` is valid during the call. */
typedef void (*fd_incidents_done)(void* user, int ok, fd_str json);

#define FD_BROADCAST_MAX_BYTES 7000u

/* ---- typing (appended) ----------------------------------------------------------------
 *
 * For channels whose customers stay connected. Typing is a signal, never stored: it holds for
 * FD_TYPING_LASTS_MS unless it comes again, and reaches every daemon that shares the
 * database. A customer's typing reaches the agents watching the event stream; an agent's
 * typing on one of this channel's tickets reaches the channel's plugin on every daemon, which
 * shows it to the customer. */
#define FD_TYPING_LASTS_MS 6000u

typedef void (*fd_typing_handler)(void* user, int64_t ticket_id, fd_str agent_name);

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
  /* Appended: long-lived connections (see "long-lived connections" above). */
  /* Registers a WebSocket route at `pattern` (":name" segments capture); the host copies
   * `route`. Returns 0, or -1 when the pattern clashes or is invalid. Only during create(). */
  int (*register_websocket)(fd_host* host, fd_str pattern, const fd_ws_route* route,
                            void* user);
  /* Queues one message (a single frame) for the client. Thread-safe; never blocks. */
  fd_ws_send_result (*ws_send)(fd_ws_conn* conn, fd_ws_frame_type type, fd_str data);
  /* Starts the close handshake with `code` (1000, or 3000-4999 for the plugin's own)
   * after the frames already queued. Thread-safe; a no-op on a closed connection. */
  void (*ws_close)(fd_ws_conn* conn, uint16_t code, fd_str reason);
  /* Gives the handle back; the plugin must not use `conn` afterwards. */
  void (*ws_release)(fd_ws_conn* conn);
  /* Appended: conversations and broadcasts (see above). */
  /* Up to `limit` (at most 500) messages of the conversation of `identity_value` after
   * `after_seq`, oldest first, to `done` on a host thread. An unknown identity has none. */
  void (*conversation)(fd_host* host, fd_str identity_value, int64_t after_seq, uint32_t limit,
                       fd_conversation_done done, void* user);
  /* Sends `payload` (at most FD_BROADCAST_MAX_BYTES) to this channel's handler on every
   * daemon. Returns 0, or -1 when it is too long or the storage failed. Blocks for one
   * round trip to PostgreSQL. */
  int (*broadcast)(fd_host* host, fd_str payload);
  /* Registers the handler of broadcasts. Returns 0, or -1 when one is registered already.
   * Only during create(); the handler runs on one host thread, never concurrently. */
  int (*on_broadcast)(fd_host* host, fd_broadcast_handler handler, void* user);
  /* Appended: the status page's open incidents to `done`, once, on a host thread. */
  void (*open_incidents)(fd_host* host, fd_incidents_done done, void* user);
  /* Appended: typing (see above). */
  /* The customer of ticket `ticket_id`, one of this channel's, is typing. Never blocks.
   * Returns 0, or -1 when this daemon offers no typing. */
  int (*customer_typing)(fd_host* host, int64_t ticket_id);
  /* Registers the handler of agents typing on this channel's tickets. Returns 0, or -1 when
   * one is registered already. Only during create(); the handler runs on one host thread. */
  int (*on_agent_typing)(fd_host* host, fd_typing_handler handler, void* user);
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
  /* Appended: settings a running plugin takes without a restart (rotated secrets). When a
   * reload (SIGHUP) changes any of the `reloadable_keys`, the host calls reconfigure() with
   * the running configuration in which only those keys have their new values (every key, as
   * create() gets them); a change to any other key waits for a restart, and the host says so.
   * reconfigure() returns 0, or non-zero with a reason in err, keeping what it had. A plugin
   * with nothing reloadable sets the count to 0 and reconfigure to NULL; the host treats a
   * descriptor that ends before these fields (an older plugin) the same way. */
  const char* const* reloadable_keys;
  size_t reloadable_key_count;
  int (*reconfigure)(void* state, fd_str config_json, char* err, size_t err_size);
} fd_plugin;

typedef const fd_plugin* (*fd_plugin_entry)(void);

#ifdef __cplusplus
}
#endif
/* NOLINTEND(modernize-*) */

#endif /* FRONTDESK_PLUGIN_H */
