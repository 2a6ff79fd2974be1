// SPDX-License-Identifier: Apache-2.0
// Frontdesk plugin SDK — a thin, header-only C++20 layer over the C ABI in plugin.h.
//
// A channel plugin written with it looks like this:
//
//   #include <frontdesk/plugin.hpp>
//
//   class EchoPlugin final : public frontdesk::sdk::Plugin {
//    public:
//     EchoPlugin(frontdesk::sdk::Host& host, std::string_view config_json) : host_(host) {
//       host_.route("GET", "/echo/:word", 0,
//                   [](const frontdesk::sdk::Request& request, frontdesk::sdk::Responder out) {
//                     out.send(frontdesk::sdk::Response::text(200, std::string(request.param(0))));
//                   });
//     }
//    private:
//     frontdesk::sdk::Host& host_;
//   };
//
//   static const fd_config_key kEchoKeys[] = {
//       {"greeting", FD_CONFIG_STRING, "\"hello\"", "What the plugin says first"}};
//   FRONTDESK_PLUGIN(EchoPlugin, "echo", "1.0.0", kEchoKeys)
//
// Dependencies: the C++ standard library and plugin.h only. `config_json` is a JSON object
// holding every declared key with a value of the declared type (the host validated it);
// the plugins shipped with Frontdesk parse it with Boost.JSON, which this header does not
// need. Build plugins with -fvisibility=hidden: only `frontdesk_plugin` must be exported.
//
// Exceptions never cross the ABI: every shim and trampoline below catches all of them.
// A throwing constructor or start() becomes the create/start error text, a throwing route
// handler becomes a logged 500, a throwing deliver() becomes a transient failure.
#ifndef FRONTDESK_PLUGIN_HPP
#define FRONTDESK_PLUGIN_HPP

#include <frontdesk/plugin.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace frontdesk::sdk {

// ---- strings ----------------------------------------------------------------------------

// A view of an fd_str; valid only as long as the C string it came from.
inline std::string_view view(fd_str s) noexcept {
  return s.data != nullptr ? std::string_view(s.data, s.size) : std::string_view();
}

// An fd_str over `s`; valid only as long as `s`.
inline fd_str to_fd(std::string_view s) noexcept {
  return fd_str{s.data(), s.size()};
}

namespace detail {

// Whether a struct of `struct_size` bytes (as written by the other side) contains the
// member at `offset` of `size` bytes. Structs only ever grow at the end, so a peer built
// against an older plugin.h passes a smaller struct_size and lacks the newest fields.
constexpr bool covers(std::uint32_t struct_size, std::size_t offset, std::size_t size) noexcept {
  return static_cast<std::size_t>(struct_size) >= offset + size;
}

inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

// Writes `message` NUL-terminated into the host's error buffer, truncated to fit.
inline void write_error(char* err, std::size_t err_size, std::string_view message) noexcept {
  if (err == nullptr || err_size == 0) {
    return;
  }
  const std::size_t n = message.size() < err_size - 1 ? message.size() : err_size - 1;
  std::memcpy(err, message.data(), n);
  err[n] = '\0';
}

}  // namespace detail

// ---- HTTP ---------------------------------------------------------------------------------

// Read-only view of one HTTP request; valid only during the route handler call. Copy what
// an asynchronous answer needs before the handler returns.
class Request {
 public:
  explicit Request(const fd_http_request& raw) noexcept : raw_(raw) {}

  [[nodiscard]] std::string_view method() const noexcept { return view(raw_.method); }
  [[nodiscard]] std::string_view path() const noexcept { return view(raw_.path); }
  [[nodiscard]] std::string_view query() const noexcept { return view(raw_.query); }
  [[nodiscard]] std::string_view remote_addr() const noexcept { return view(raw_.remote_addr); }
  [[nodiscard]] std::string_view body() const noexcept { return view(raw_.body); }

  // The first header called `name` (compared case-insensitively), or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < raw_.header_count; ++i) {
      if (detail::iequals_ascii(view(raw_.headers[i].name), name)) {
        return view(raw_.headers[i].value);
      }
    }
    return std::nullopt;
  }

  // Values of the pattern's ":name" segments, in pattern order.
  [[nodiscard]] std::size_t param_count() const noexcept {
    return detail::covers(raw_.struct_size, offsetof(fd_http_request, param_count),
                          sizeof(raw_.param_count))
               ? raw_.param_count
               : 0;
  }
  [[nodiscard]] std::string_view param(std::size_t index) const noexcept {
    return index < param_count() ? view(raw_.params[index]) : std::string_view();
  }
  [[nodiscard]] std::vector<std::string_view> params() const {
    std::vector<std::string_view> out;
    out.reserve(param_count());
    for (std::size_t i = 0; i < param_count(); ++i) {
      out.push_back(view(raw_.params[i]));
    }
    return out;
  }

  [[nodiscard]] const fd_http_request& raw() const noexcept { return raw_; }

 private:
  const fd_http_request& raw_;
};

// An owning HTTP answer.
struct Response {
  std::uint16_t status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, no CR/LF
  std::string page;  // a daemon page rendered by the host with `body` as its data (daemon_page())

  [[nodiscard]] static Response json(std::uint16_t status, std::string json_text) {
    return Response{status, "application/json", std::move(json_text), {}, {}};
  }
  [[nodiscard]] static Response html(std::uint16_t status, std::string html_text) {
    return Response{status, "text/html; charset=utf-8", std::move(html_text), {}, {}};
  }
  [[nodiscard]] static Response text(std::uint16_t status, std::string plain_text) {
    return Response{status, "text/plain; charset=utf-8", std::move(plain_text), {}, {}};
  }
  // The daemon's page `name` (web/pages/<name>.mustache) with `data_json`, a JSON object, as
  // its data: the host renders it in the visitor's language with the site's catalogues.
  [[nodiscard]] static Response daemon_page(std::uint16_t status, std::string name, std::string data_json) {
    return Response{status, "text/html; charset=utf-8", std::move(data_json), {}, std::move(name)};
  }

  Response& with_header(std::string name, std::string value) & {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response&& with_header(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
};

// The answer channel of one HTTP exchange. Cheap to copy: copies share one exchange, so it
// can be captured into an asynchronous callback (e.g. Host::submit's). The first send()
// answers; later ones return false and do nothing. Thread-safe. If every copy is destroyed
// without an answer, a 500 is sent so the client never hangs.
class Responder {
 public:
  Responder(const fd_host_api* api, fd_responder* responder)
      : state_(std::make_shared<State>(api, responder)) {}

  // Answers the request; returns false if it was already answered. Most callers have no
  // use for the result, hence no [[nodiscard]].
  bool send(const Response& response) const noexcept {  // NOLINT(modernize-use-nodiscard)
    return state_->send(response);
  }

  [[nodiscard]] bool sent() const noexcept { return state_->sent.load(); }

 private:
  struct State {
    State(const fd_host_api* host_api, fd_responder* handle) noexcept
        : api(host_api), responder(handle) {}
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
      if (!sent.load()) {
        send_raw(
            500, "application/json",
            R"({"success":false,"error":{"code":"internal_error","message":"the request was not answered"}})",
            nullptr, 0);
      }
    }

    bool send(const Response& response) noexcept {
      if (sent.load()) {
        return false;
      }
      try {
        std::vector<fd_header> headers;
        headers.reserve(response.headers.size());
        for (const auto& [name, value] : response.headers) {
          headers.push_back(fd_header{to_fd(name), to_fd(value)});
        }
        return send_raw(response.status, response.content_type, response.body, headers.data(),
                        headers.size(), response.page);
      } catch (...) {  // only std::bad_alloc can get here
        return send_raw(500, "text/plain", "out of memory", nullptr, 0);
      }
    }

    bool send_raw(std::uint16_t status, std::string_view content_type, std::string_view body,
                  const fd_header* headers, std::size_t header_count,
                  std::string_view page = {}) noexcept {
      if (sent.exchange(true)) {
        return false;
      }
      fd_http_response raw{};
      raw.struct_size = sizeof(fd_http_response);
      raw.status = status;
      raw.content_type = to_fd(content_type);
      raw.body = to_fd(body);
      raw.headers = headers;
      raw.header_count = header_count;
      raw.page = to_fd(page);
      api->respond(responder, &raw);
      return true;
    }

    const fd_host_api* api;
    fd_responder* responder;
    std::atomic<bool> sent{false};
  };

  std::shared_ptr<State> state_;
};

// ---- inbound messages ---------------------------------------------------------------------

// The members below are expanded from the field lists in plugin.h (FD_ATTACHMENT_FIELDS,
// FD_INBOUND_MESSAGE_FIELDS), as are both conversions to and from the C structs: a field
// appended there appears here, in the fake host and in the daemon without another edit.

// An owning attachment: filename, content_type, data (any bytes), content_id (inline only).
struct Attachment {
#define FD_SDK_MEMBER_(name, ...) std::string name;
  FD_ATTACHMENT_FIELDS(FD_SDK_MEMBER_, FD_SDK_MEMBER_)
#undef FD_SDK_MEMBER_

  [[nodiscard]] static Attachment from(const fd_attachment& raw) {
    Attachment out;
#define FD_SDK_FROM_(name, ...) out.name = std::string(view(raw.name));
    FD_ATTACHMENT_FIELDS(FD_SDK_FROM_, FD_SDK_FROM_)
#undef FD_SDK_FROM_
    return out;
  }

  friend bool operator==(const Attachment&, const Attachment&) = default;
};

// An owning message for Host::submit: external_id, identity_kind, identity_value,
// customer_name, customer_language, ticket_ref, thread_keys, own_thread_key, subject, body,
// category, priority, attachments, metadata_json and flags (FD_INBOUND_*), as plugin.h's
// FD_INBOUND_MESSAGE_FIELDS documents them. frontdeskd stores this very type.
struct InboundMessage {
#define FD_SDK_TEXT_(name, ...) std::string name;
#define FD_SDK_TEXT_LIST_(name, ...) std::vector<std::string> name;
#define FD_SDK_ATTACHMENTS_(name, ...) std::vector<Attachment> name;
#define FD_SDK_FLAGS_(name) std::uint32_t name = 0;
  FD_INBOUND_MESSAGE_FIELDS(FD_SDK_TEXT_, FD_SDK_TEXT_LIST_, FD_SDK_ATTACHMENTS_, FD_SDK_FLAGS_)
#undef FD_SDK_TEXT_
#undef FD_SDK_TEXT_LIST_
#undef FD_SDK_ATTACHMENTS_
#undef FD_SDK_FLAGS_

  // An owning copy of `raw`. Fields past raw.struct_size (a peer built against an older
  // plugin.h) stay empty.
  [[nodiscard]] static InboundMessage from(const fd_inbound_message& raw);

  friend bool operator==(const InboundMessage&, const InboundMessage&) = default;
};

#define FD_SDK_HAS_(member) \
  covers(raw.struct_size, offsetof(fd_inbound_message, member), sizeof(raw.member))

inline InboundMessage InboundMessage::from(const fd_inbound_message& raw) {
  using detail::covers;
  InboundMessage out;
#define FD_SDK_TEXT_(name, ...) \
  if (FD_SDK_HAS_(name)) out.name = std::string(view(raw.name));
#define FD_SDK_TEXT_LIST_(name, count, ...)                       \
  if (FD_SDK_HAS_(count) && raw.name != nullptr) {                \
    out.name.reserve(raw.count);                                  \
    for (std::size_t i = 0; i < raw.count; ++i) {                 \
      out.name.emplace_back(view(raw.name[i]));                   \
    }                                                             \
  }
#define FD_SDK_ATTACHMENTS_(name, count, ...)                     \
  if (FD_SDK_HAS_(count) && raw.name != nullptr) {                \
    out.name.reserve(raw.count);                                  \
    for (std::size_t i = 0; i < raw.count; ++i) {                 \
      out.name.push_back(Attachment::from(raw.name[i]));          \
    }                                                             \
  }
#define FD_SDK_FLAGS_(name) \
  if (FD_SDK_HAS_(name)) out.name = raw.name;
  // NOLINTBEGIN(bugprone-macro-parentheses,readability-braces-around-statements)
  FD_INBOUND_MESSAGE_FIELDS(FD_SDK_TEXT_, FD_SDK_TEXT_LIST_, FD_SDK_ATTACHMENTS_, FD_SDK_FLAGS_)
  // NOLINTEND(bugprone-macro-parentheses,readability-braces-around-statements)
#undef FD_SDK_TEXT_
#undef FD_SDK_TEXT_LIST_
#undef FD_SDK_ATTACHMENTS_
#undef FD_SDK_FLAGS_
  return out;
}

#undef FD_SDK_HAS_

namespace detail {

// An fd_inbound_message viewing `message` (and arrays it owns), valid while both live.
class InboundView {
 public:
  explicit InboundView(const InboundMessage& message) {
    raw_.struct_size = sizeof(fd_inbound_message);
#define FD_SDK_TEXT_(name, ...) raw_.name = to_fd(message.name);
#define FD_SDK_TEXT_LIST_(name, count, ...)       \
  name##_.reserve(message.name.size());           \
  for (const auto& item : message.name) {         \
    name##_.push_back(to_fd(item));               \
  }                                               \
  raw_.name = name##_.data();                     \
  raw_.count = name##_.size();
#define FD_SDK_ATTACHMENTS_(name, count, ...)     \
  name##_.reserve(message.name.size());           \
  for (const auto& item : message.name) {         \
    name##_.push_back(attachment(item));          \
  }                                               \
  raw_.name = name##_.data();                     \
  raw_.count = name##_.size();
#define FD_SDK_FLAGS_(name) raw_.name = message.name;
    FD_INBOUND_MESSAGE_FIELDS(FD_SDK_TEXT_, FD_SDK_TEXT_LIST_, FD_SDK_ATTACHMENTS_, FD_SDK_FLAGS_)
#undef FD_SDK_TEXT_
#undef FD_SDK_TEXT_LIST_
#undef FD_SDK_ATTACHMENTS_
#undef FD_SDK_FLAGS_
  }
  InboundView(const InboundView&) = delete;
  InboundView& operator=(const InboundView&) = delete;
  InboundView(InboundView&&) = delete;
  InboundView& operator=(InboundView&&) = delete;
  ~InboundView() = default;

  [[nodiscard]] const fd_inbound_message& raw() const noexcept { return raw_; }

 private:
  static fd_attachment attachment(const Attachment& a) noexcept {
    fd_attachment out{};
#define FD_SDK_TO_(name, ...) out.name = to_fd(a.name);
    FD_ATTACHMENT_FIELDS(FD_SDK_TO_, FD_SDK_TO_)
#undef FD_SDK_TO_
    return out;
  }

  fd_inbound_message raw_{};
#define FD_SDK_NONE_(...)
#define FD_SDK_TEXT_LIST_(name, ...) std::vector<fd_str> name##_;
#define FD_SDK_ATTACHMENTS_(name, ...) std::vector<fd_attachment> name##_;
  FD_INBOUND_MESSAGE_FIELDS(FD_SDK_NONE_, FD_SDK_TEXT_LIST_, FD_SDK_ATTACHMENTS_, FD_SDK_NONE_)
#undef FD_SDK_NONE_
#undef FD_SDK_TEXT_LIST_
#undef FD_SDK_ATTACHMENTS_
};

}  // namespace detail

// An owning copy of fd_inbound_result.
struct InboundResult {
  fd_ingest_status status = FD_INGEST_FAILED;
  std::int64_t ticket_id = 0;
  std::int64_t message_id = 0;
  std::string ticket_number;
  std::string customer_token;
  std::string error;
  std::string ticket_status;
  std::int64_t conversation_seq = 0;  // 0 from a host older than the field

  [[nodiscard]] static InboundResult from(const fd_inbound_result& raw) {
    InboundResult out;
    out.status = raw.status;
    out.ticket_id = raw.ticket_id;
    out.message_id = raw.message_id;
    out.ticket_number = std::string(view(raw.ticket_number));
    out.customer_token = std::string(view(raw.customer_token));
    out.error = std::string(view(raw.error));
    if (raw.struct_size >= offsetof(fd_inbound_result, ticket_status) + sizeof(fd_str)) {
      out.ticket_status = std::string(view(raw.ticket_status));
    }
    if (raw.struct_size >= offsetof(fd_inbound_result, conversation_seq) + sizeof(raw.conversation_seq)) {
      out.conversation_seq = raw.conversation_seq;
    }
    return out;
  }
};

// ---- outbound messages --------------------------------------------------------------------

// Read-only view of one outbound message; valid only during Plugin::deliver. A plugin that
// sends asynchronously copies the fields it needs before deliver() returns.
class OutboundMessage {
 public:
  explicit OutboundMessage(const fd_outbound_message& raw) noexcept : raw_(raw) {}

  // One accessor per field of FD_OUTBOUND_MESSAGE_FIELDS (outbox_id, ticket_id, message_id,
  // ticket_number, to_kind, to_value, subject, body, metadata_json, attempt and
  // last_inbound_at_ms: Unix ms of the recipient's latest inbound message on this channel).
  // A field the host is too old to pass reads as 0 or empty.
#define FD_SDK_INT_(type, name)                                                              \
  [[nodiscard]] type name() const noexcept {                                                 \
    return detail::covers(raw_.struct_size, offsetof(fd_outbound_message, name), sizeof(type)) \
               ? raw_.name                                                                   \
               : type{};                                                                     \
  }
#define FD_SDK_TEXT_(name)                                                                     \
  [[nodiscard]] std::string_view name() const noexcept {                                       \
    return detail::covers(raw_.struct_size, offsetof(fd_outbound_message, name), sizeof(fd_str)) \
               ? view(raw_.name)                                                               \
               : std::string_view();                                                           \
  }
  FD_OUTBOUND_MESSAGE_FIELDS(FD_SDK_INT_, FD_SDK_TEXT_)
#undef FD_SDK_INT_
#undef FD_SDK_TEXT_

  [[nodiscard]] const fd_outbound_message& raw() const noexcept { return raw_; }

 private:
  const fd_outbound_message& raw_;
};

// An owning outbound message, one member per field of FD_OUTBOUND_MESSAGE_FIELDS; frontdeskd's
// outbox and the fake host build these.
struct Outbound {
#define FD_SDK_INT_(type, name) type name = 0;
#define FD_SDK_TEXT_(name) std::string name;
  FD_OUTBOUND_MESSAGE_FIELDS(FD_SDK_INT_, FD_SDK_TEXT_)
#undef FD_SDK_INT_
#undef FD_SDK_TEXT_

  friend bool operator==(const Outbound&, const Outbound&) = default;
};

namespace detail {

// An fd_outbound_message viewing `m`, valid while `m` lives.
inline fd_outbound_message outbound_view(const Outbound& m) noexcept {
  fd_outbound_message raw{};
  raw.struct_size = sizeof(fd_outbound_message);
#define FD_SDK_INT_(type, name) raw.name = m.name;
#define FD_SDK_TEXT_(name) raw.name = to_fd(m.name);
  FD_OUTBOUND_MESSAGE_FIELDS(FD_SDK_INT_, FD_SDK_TEXT_)
#undef FD_SDK_INT_
#undef FD_SDK_TEXT_
  return raw;
}

}  // namespace detail

// Reports the outcome of one delivery. Copies share one outcome: the first call counts,
// later ones are ignored; if every copy is dropped uncalled, a transient failure is
// reported so the outbox retries.
using DeliverDone =
    std::function<void(fd_delivery_status status, std::string provider_id, std::string error)>;

// ---- long-lived connections (WebSocket) ------------------------------------------------------

// A handle to one accepted WebSocket connection (see plugin.h, "long-lived connections").
// Cheap to copy; copies share the connection, and the host's handle is released when the
// last copy goes. Thread-safe: send() and close() may be called from any thread, also after
// the connection ended (they then return FD_WS_CLOSED / do nothing). A default-constructed
// WebSocket is not connected.
class WebSocket {
 public:
  WebSocket() = default;
  WebSocket(const fd_host_api* api, fd_ws_conn* conn)
      : handle_(std::make_shared<Handle>(api, conn)) {}

  // Queues one message; never blocks. FD_WS_DROPPED means the client read too slowly and
  // is being disconnected.
  fd_ws_send_result send(fd_ws_frame_type type,  // NOLINT(modernize-use-nodiscard)
                         std::string_view data) const noexcept {
    if (!handle_ || !handle_->armed.load()) {
      return FD_WS_CLOSED;
    }
    return handle_->api->ws_send(handle_->conn, type, to_fd(data));
  }
  fd_ws_send_result send_text(std::string_view text) const noexcept {  // NOLINT(modernize-use-nodiscard)
    return send(FD_WS_TEXT, text);
  }
  fd_ws_send_result send_binary(std::string_view data) const noexcept {  // NOLINT(modernize-use-nodiscard)
    return send(FD_WS_BINARY, data);
  }

  // Starts the close handshake after the frames already queued.
  void close(std::uint16_t code = FD_WS_CLOSE_NORMAL, std::string_view reason = {}) const noexcept {
    if (handle_ && handle_->armed.load()) {
      handle_->api->ws_close(handle_->conn, code, to_fd(reason));
    }
  }

  [[nodiscard]] bool connected() const noexcept { return handle_ && handle_->armed.load(); }

  // The host's handle, for plugins that drive the C ABI themselves.
  [[nodiscard]] fd_ws_conn* raw() const noexcept { return handle_ ? handle_->conn : nullptr; }

 private:
  friend class Host;

  struct Handle {
    Handle(const fd_host_api* host_api, fd_ws_conn* handle) noexcept : api(host_api), conn(handle) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&&) = delete;
    Handle& operator=(Handle&&) = delete;
    ~Handle() {
      if (armed.load()) {
        api->ws_release(conn);
      }
    }
    const fd_host_api* api;
    fd_ws_conn* conn;
    std::atomic<bool> armed{true};  // false for a refused connection: the host releases it
  };

  // A refused connection belongs to the host: copies the accept function kept stay inert.
  void disarm() const noexcept {
    if (handle_) {
      handle_->armed.store(false);
    }
  }

  std::shared_ptr<Handle> handle_;
};

// What one connection does with its client's messages: one object per connection, made by
// the route's accept function. on_message and on_close are never called concurrently for
// one session; on_close comes once, last. The SDK keeps the session until on_close returns.
// An exception from on_message closes the connection with 1011 (and is logged).
class WebSocketSession {
 public:
  WebSocketSession() = default;
  WebSocketSession(const WebSocketSession&) = delete;
  WebSocketSession& operator=(const WebSocketSession&) = delete;
  WebSocketSession(WebSocketSession&&) = delete;
  WebSocketSession& operator=(WebSocketSession&&) = delete;
  virtual ~WebSocketSession() = default;

  virtual void on_message(fd_ws_frame_type type, std::string_view data) = 0;
  virtual void on_close(std::uint16_t code, std::string_view reason) {
    static_cast<void>(code);
    static_cast<void>(reason);
  }
};

// Per-route limits; zero takes the host's default (FD_WS_DEFAULT_*).
struct WebSocketLimits {
  std::uint32_t max_message_bytes = 0;
  std::uint32_t max_queued_bytes = 0;
  std::uint32_t idle_timeout_ms = 0;
};

// What a WebSocket route's accept function decides for one upgrade request.
struct Upgrade {
  std::shared_ptr<WebSocketSession> session;  // set: accepted
  std::uint16_t status = 403;                 // else: the HTTP status of the refusal

  [[nodiscard]] static Upgrade accept(std::shared_ptr<WebSocketSession> session) {
    return Upgrade{std::move(session), 0};
  }
  [[nodiscard]] static Upgrade refuse(std::uint16_t status) { return Upgrade{nullptr, status}; }
};

// Called on a host thread for each upgrade request; `socket` is the connection-to-be (keep a
// copy in the session to send). The request is valid only during the call.
using WebSocketAccept = std::function<Upgrade(const Request& request, WebSocket socket)>;

// ---- conversations ---------------------------------------------------------------------------

// One message of a connected customer's conversation (see plugin.h, "conversations").
struct ConversationMessage {
  std::int64_t seq = 0;
  std::int64_t message_id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t created_at_ms = 0;
  std::string ticket_number;
  std::string direction;
  std::string author_kind;
  std::string author_name;
  std::string body;
  std::string external_id;
};

// `ok` is false when the storage failed.
using ConversationDone = std::function<void(bool ok, std::vector<ConversationMessage> messages)>;
using BroadcastHandler = std::function<void(std::string_view payload)>;
// The status page's open incidents (plugin.h, fd_incidents_done); `ok` false when the storage failed.
using IncidentsDone = std::function<void(bool ok, std::string json)>;
// An agent is typing on ticket `ticket_id` of this channel (plugin.h, "typing").
using TypingHandler = std::function<void(std::int64_t ticket_id, std::string_view agent_name)>;

// ---- the host -------------------------------------------------------------------------------

using RouteHandler = std::function<void(const Request&, Responder)>;
using SubmitDone = std::function<void(const InboundResult&)>;

// The plugin's view of frontdeskd. One Host per plugin instance, owned by the FRONTDESK_PLUGIN
// shim and passed by reference to the plugin's constructor; it outlives the plugin object.
class Host {
 public:
  Host(const fd_host_api* api, fd_host* host) noexcept : api_(api), host_(host) {}
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;
  Host(Host&&) = delete;
  Host& operator=(Host&&) = delete;
  ~Host() = default;

  void log(fd_log_level level, std::string_view message) const noexcept {
    api_->log(host_, level, to_fd(message));
  }

  // Logs "<what>: <reason>" without letting an allocation failure escape.
  void log_failure(std::string_view what, const char* reason) const noexcept {
    try {
      log(FD_LOG_ERROR, std::string(what) + ": " + reason);
    } catch (...) {
      log(FD_LOG_ERROR, what);
    }
  }

  // Registers `method pattern` (":name" segments capture, see Request::param). Only from
  // the plugin's constructor. The handler lives as long as this Host and may be called
  // from any host thread, concurrently. Throws std::runtime_error when the route clashes.
  void route(std::string_view method, std::string_view pattern, std::uint32_t flags,
             RouteHandler handler) {
    // Kept before it is registered, so the host never holds a pointer to a freed entry.
    routes_.push_back(std::make_unique<RouteEntry>(RouteEntry{this, std::move(handler)}));
    if (api_->register_route(host_, to_fd(method), to_fd(pattern), flags, &route_trampoline,
                             routes_.back().get()) != 0) {
      routes_.pop_back();
      throw std::runtime_error("route " + std::string(method) + " " + std::string(pattern) +
                               " clashes with a route already registered");
    }
  }

  // Queues `message` for ingest; `done` runs once, after the commit, on a host thread.
  // The message is copied by the host during this call.
  void submit(const InboundMessage& message, SubmitDone done) {
    const detail::InboundView raw(message);
    auto pending = std::make_unique<PendingSubmit>(PendingSubmit{this, std::move(done)});
    // Ownership passes to the host here; submit_trampoline takes it back and frees it.
    api_->submit_inbound(host_, &raw.raw(), &submit_trampoline, pending.release());
  }

  // The host's `boost::asio::io_context*`, for plugins that run their own listeners, or
  // nullptr when the host does not offer one. Asio is header-only: the plugin compiles its
  // own copy of every io_context member it calls, so the cast is only sound when the
  // plugin is built against the very Boost version the host uses (1.81) with the same Asio
  // configuration macros (BOOST_ASIO_NO_DEPRECATED, BOOST_ASIO_DISABLE_CONCEPTS, ...), the
  // same compiler ABI and standard library. A mismatch is undefined behaviour that no
  // check can catch; plugins that only need HTTP should use route() instead.
  [[nodiscard]] void* io_context() const noexcept {
    if (!detail::covers(api_->struct_size, offsetof(fd_host_api, io_context),
                        sizeof(api_->io_context)) ||
        api_->io_context == nullptr) {
      return nullptr;
    }
    return api_->io_context(host_);
  }

  // Records a provider's delivery report (see fd_host_api::update_delivery); `done` runs
  // once after the commit. A host too old to offer it answers FD_UPDATE_FAILED at once.
  void update_delivery(std::string_view provider_id, std::string_view status,
                       std::string_view error, std::function<void(fd_update_result)> done) {
    if (!detail::covers(api_->struct_size, offsetof(fd_host_api, update_delivery),
                        sizeof(api_->update_delivery)) ||
        api_->update_delivery == nullptr) {
      done(FD_UPDATE_FAILED);
      return;
    }
    auto pending = std::make_unique<std::function<void(fd_update_result)>>(std::move(done));
    api_->update_delivery(host_, to_fd(provider_id), to_fd(status), to_fd(error),
                          &update_trampoline, pending.release());
  }

  // Merges a JSON object into the metadata of one of this channel's messages (see
  // fd_host_api::annotate_message); `done` runs once after the commit. A host too old to
  // offer it answers FD_UPDATE_FAILED at once.
  void annotate_message(std::int64_t message_id, std::string_view metadata_json,
                        std::function<void(fd_update_result)> done) {
    if (!detail::covers(api_->struct_size, offsetof(fd_host_api, annotate_message),
                        sizeof(api_->annotate_message)) ||
        api_->annotate_message == nullptr) {
      done(FD_UPDATE_FAILED);
      return;
    }
    auto pending = std::make_unique<std::function<void(fd_update_result)>>(std::move(done));
    api_->annotate_message(host_, message_id, to_fd(metadata_json), &update_trampoline,
                           pending.release());
  }

  // Registers a WebSocket route at `pattern` (":name" segments capture). Only from the
  // plugin's constructor. `accept` lives as long as this Host and may be called from any
  // host thread, concurrently. Throws std::runtime_error when the pattern clashes or the
  // host is too old to offer long-lived connections.
  void websocket(std::string_view pattern, WebSocketLimits limits, WebSocketAccept accept) {
    if (!detail::covers(api_->struct_size, offsetof(fd_host_api, ws_release),
                        sizeof(api_->ws_release)) ||
        api_->register_websocket == nullptr) {
      throw std::runtime_error("this frontdeskd offers no WebSocket routes (its plugin ABI "
                               "predates them); WebSocket route " +
                               std::string(pattern) + " cannot be registered");
    }
    websockets_.push_back(
        std::make_unique<WebSocketEntry>(WebSocketEntry{this, std::move(accept)}));
    fd_ws_route route{};
    route.struct_size = sizeof(fd_ws_route);
    route.on_open = &ws_open_trampoline;
    route.on_message = &ws_message_trampoline;
    route.on_close = &ws_close_trampoline;
    route.max_message_bytes = limits.max_message_bytes;
    route.max_queued_bytes = limits.max_queued_bytes;
    route.idle_timeout_ms = limits.idle_timeout_ms;
    if (api_->register_websocket(host_, to_fd(pattern), &route, websockets_.back().get()) != 0) {
      websockets_.pop_back();
      throw std::runtime_error("WebSocket route " + std::string(pattern) +
                               " clashes with a route already registered");
    }
  }

  // Whether this frontdeskd offers conversations and broadcasts (plugin.h).
  [[nodiscard]] bool offers_conversations() const noexcept {
    return detail::covers(api_->struct_size, offsetof(fd_host_api, on_broadcast), sizeof(api_->on_broadcast)) &&
           api_->conversation != nullptr && api_->broadcast != nullptr && api_->on_broadcast != nullptr;
  }

  // Up to `limit` messages of the conversation of `identity_value` after `after_seq`; `done`
  // runs once, on a host thread. A host without conversations answers not ok at once.
  void conversation(std::string_view identity_value, std::int64_t after_seq, std::uint32_t limit,
                    ConversationDone done) {
    if (!offers_conversations()) {
      done(false, {});
      return;
    }
    auto pending = std::make_unique<ConversationDone>(std::move(done));
    api_->conversation(host_, to_fd(identity_value), after_seq, limit, &conversation_trampoline,
                       pending.release());
  }

  // Sends `payload` to this channel's broadcast handler on every daemon; false when it is
  // longer than FD_BROADCAST_MAX_BYTES, the storage failed or the host has no broadcasts.
  bool broadcast(std::string_view payload) const noexcept {
    return offers_conversations() && api_->broadcast(host_, to_fd(payload)) == 0;
  }

  // Registers the broadcast handler. Only from the plugin's constructor, once. Throws
  // std::runtime_error when the host has no broadcasts or one is registered already.
  void on_broadcast(BroadcastHandler handler) {
    if (!offers_conversations()) {
      throw std::runtime_error("this frontdeskd offers no broadcasts (its plugin ABI predates them)");
    }
    broadcast_handler_ = std::make_unique<BroadcastEntry>(BroadcastEntry{this, std::move(handler)});
    if (api_->on_broadcast(host_, &broadcast_trampoline, broadcast_handler_.get()) != 0) {
      broadcast_handler_.reset();
      throw std::runtime_error("a broadcast handler is registered already");
    }
  }

  // The status page's open incidents as JSON (plugin.h, fd_incidents_done) to `done`, once,
  // on a host thread; a host that predates them answers {"incidents": []} at once.
  void open_incidents(IncidentsDone done) const {
    if (!detail::covers(api_->struct_size, offsetof(fd_host_api, open_incidents), sizeof(api_->open_incidents)) ||
        api_->open_incidents == nullptr) {
      done(true, R"({"incidents":[]})");
      return;
    }
    auto pending = std::make_unique<IncidentsDone>(std::move(done));
    api_->open_incidents(host_, &incidents_trampoline, pending.release());
  }

  // Whether this frontdeskd offers typing (plugin.h, "typing").
  [[nodiscard]] bool offers_typing() const noexcept {
    return detail::covers(api_->struct_size, offsetof(fd_host_api, on_agent_typing), sizeof(api_->on_agent_typing)) &&
           api_->customer_typing != nullptr && api_->on_agent_typing != nullptr;
  }

  // The customer of `ticket_id` (one of this channel's) is typing: agents watching the event
  // stream see it for FD_TYPING_LASTS_MS. False when the host offers no typing.
  bool customer_typing(std::int64_t ticket_id) const noexcept {
    return offers_typing() && api_->customer_typing(host_, ticket_id) == 0;
  }

  // Registers the handler of agents typing on this channel's tickets (on any daemon). Only
  // from the plugin's constructor, once. Throws std::runtime_error when the host offers no
  // typing or a handler is registered already.
  void on_agent_typing(TypingHandler handler) {
    if (!offers_typing()) {
      throw std::runtime_error("this frontdeskd offers no typing (its plugin ABI predates it)");
    }
    typing_handler_ = std::make_unique<TypingEntry>(TypingEntry{this, std::move(handler)});
    if (api_->on_agent_typing(host_, &typing_trampoline, typing_handler_.get()) != 0) {
      typing_handler_.reset();
      throw std::runtime_error("a typing handler is registered already");
    }
  }

  [[nodiscard]] const fd_host_api* api() const noexcept { return api_; }
  [[nodiscard]] fd_host* handle() const noexcept { return host_; }

 private:
  static void update_trampoline(void* user, fd_update_result result) noexcept {
    std::unique_ptr<std::function<void(fd_update_result)>> done(
        static_cast<std::function<void(fd_update_result)>*>(user));
    try {
      (*done)(result);
    } catch (...) {
      // Nothing may cross back into the host.
    }
  }

  struct RouteEntry {
    Host* host;
    RouteHandler handler;
  };
  struct PendingSubmit {
    Host* host;
    SubmitDone done;
  };

  static void route_trampoline(void* user, const fd_http_request* raw,
                               fd_responder* handle) noexcept {
    auto* entry = static_cast<RouteEntry*>(user);
    std::optional<Responder> responder;
    try {
      responder.emplace(entry->host->api_, handle);
      entry->handler(Request(*raw), *responder);
      return;
    } catch (const std::exception& e) {
      entry->host->log_failure("route handler failed", e.what());
    } catch (...) {
      entry->host->log_failure("route handler failed", "unknown error");
    }
    static constexpr std::string_view kBody =
        R"({"success":false,"error":{"code":"internal_error","message":"internal error"}})";
    if (responder) {
      try {
        responder->send(Response::json(500, std::string(kBody)));
        return;
      } catch (...) {  // std::bad_alloc: the State destructor still answers 500
        return;
      }
    }
    // Could not even allocate the responder: answer directly.
    fd_http_response response{};
    response.struct_size = sizeof(fd_http_response);
    response.status = 500;
    response.content_type = to_fd("application/json");
    response.body = to_fd(kBody);
    entry->host->api_->respond(handle, &response);
  }

  static void submit_trampoline(void* user, const fd_inbound_result* raw) noexcept {
    std::unique_ptr<PendingSubmit> pending(static_cast<PendingSubmit*>(user));
    try {
      pending->done(InboundResult::from(*raw));
    } catch (const std::exception& e) {
      pending->host->log_failure("submit callback failed", e.what());
    } catch (...) {
      pending->host->log_failure("submit callback failed", "unknown error");
    }
  }

  struct BroadcastEntry {
    Host* host;
    BroadcastHandler handler;
  };

  static void incidents_trampoline(void* user, int ok, fd_str json) noexcept {
    std::unique_ptr<IncidentsDone> done(static_cast<IncidentsDone*>(user));
    try {
      (*done)(ok != 0, std::string(view(json)));
    } catch (...) {
      // Nothing may cross back into the host.
    }
  }

  static void conversation_trampoline(void* user, int ok, const fd_conversation_message* raw,
                                      std::size_t count) noexcept {
    std::unique_ptr<ConversationDone> done(static_cast<ConversationDone*>(user));
    try {
      std::vector<ConversationMessage> messages;
      messages.reserve(count);
      for (std::size_t i = 0; i < count; ++i) {
        const auto& m = raw[i];
        messages.push_back(ConversationMessage{m.seq, m.message_id, m.ticket_id, m.created_at_ms,
                                               std::string(view(m.ticket_number)), std::string(view(m.direction)),
                                               std::string(view(m.author_kind)), std::string(view(m.author_name)),
                                               std::string(view(m.body)), std::string(view(m.external_id))});
      }
      (*done)(ok != 0, std::move(messages));
    } catch (...) {
      // Nothing may cross back into the host.
    }
  }

  static void broadcast_trampoline(void* user, fd_str payload) noexcept {
    auto* entry = static_cast<BroadcastEntry*>(user);
    try {
      entry->handler(view(payload));
    } catch (const std::exception& e) {
      entry->host->log_failure("broadcast handler failed", e.what());
    } catch (...) {
      entry->host->log_failure("broadcast handler failed", "unknown error");
    }
  }

  struct TypingEntry {
    Host* host;
    TypingHandler handler;
  };

  static void typing_trampoline(void* user, std::int64_t ticket_id, fd_str agent_name) noexcept {
    auto* entry = static_cast<TypingEntry*>(user);
    try {
      entry->handler(ticket_id, view(agent_name));
    } catch (const std::exception& e) {
      entry->host->log_failure("typing handler failed", e.what());
    } catch (...) {
      entry->host->log_failure("typing handler failed", "unknown error");
    }
  }

  struct WebSocketEntry {
    Host* host;
    WebSocketAccept accept;
  };
  // What the host passes back as conn_user: the session, and the handle it was given.
  struct WebSocketConnection {
    Host* host;
    std::shared_ptr<WebSocketSession> session;
    WebSocket socket;
  };

  static std::uint16_t ws_open_trampoline(void* user, const fd_http_request* raw,
                                          fd_ws_conn* conn, void** conn_user) noexcept {
    auto* entry = static_cast<WebSocketEntry*>(user);
    WebSocket socket;
    try {
      socket = WebSocket(entry->host->api_, conn);
      Upgrade upgrade = entry->accept(Request(*raw), socket);
      if (!upgrade.session) {
        socket.disarm();
        return upgrade.status >= 400 && upgrade.status <= 599 ? upgrade.status : 403;
      }
      *conn_user = new WebSocketConnection{entry->host, std::move(upgrade.session), socket};
      return 0;
    } catch (const std::exception& e) {
      entry->host->log_failure("WebSocket accept failed", e.what());
    } catch (...) {
      entry->host->log_failure("WebSocket accept failed", "unknown error");
    }
    socket.disarm();
    return 500;
  }

  static void ws_message_trampoline(void* conn_user, fd_ws_conn* /*conn*/, fd_ws_frame_type type,
                                    fd_str data) noexcept {
    auto* connection = static_cast<WebSocketConnection*>(conn_user);
    try {
      connection->session->on_message(type, view(data));
      return;
    } catch (const std::exception& e) {
      connection->host->log_failure("WebSocket message handler failed", e.what());
    } catch (...) {
      connection->host->log_failure("WebSocket message handler failed", "unknown error");
    }
    connection->socket.close(1011, "internal error");
  }

  static void ws_close_trampoline(void* conn_user, fd_ws_conn* /*conn*/, std::uint16_t code,
                                  fd_str reason) noexcept {
    std::unique_ptr<WebSocketConnection> connection(static_cast<WebSocketConnection*>(conn_user));
    try {
      connection->session->on_close(code, view(reason));
    } catch (const std::exception& e) {
      connection->host->log_failure("WebSocket close handler failed", e.what());
    } catch (...) {
      connection->host->log_failure("WebSocket close handler failed", "unknown error");
    }
  }

  const fd_host_api* api_;
  fd_host* host_;
  std::vector<std::unique_ptr<RouteEntry>> routes_;
  std::vector<std::unique_ptr<WebSocketEntry>> websockets_;
  std::unique_ptr<BroadcastEntry> broadcast_handler_;
  std::unique_ptr<TypingEntry> typing_handler_;
};

// ---- the plugin ---------------------------------------------------------------------------

// Base of every plugin class. The class is constructed as `Class(Host&, std::string_view
// config_json)` during create(); throw from the constructor to refuse the configuration.
class Plugin {
 public:
  Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  Plugin(Plugin&&) = delete;
  Plugin& operator=(Plugin&&) = delete;
  virtual ~Plugin() = 0;

  // Starts inputs (listeners, pollers). Throw to refuse to start.
  virtual void start() {}
  // Stops accepting input; in-flight work may still complete.
  virtual void stop() {}
  // Sends one message; calls `done` exactly once, from any thread (`done` is taken by value
  // so an override can move it into an asynchronous send). The default, for input-only
  // channels, reports a permanent failure.
  virtual void deliver(const OutboundMessage& message,
                       DeliverDone done) {  // NOLINT(performance-unnecessary-value-param)
    static_cast<void>(message);
    done(FD_DELIVERY_PERMANENT, std::string(), "channel cannot send");
  }
  // Takes a re-read configuration in which only the keys the class lists in its static
  // `reloadable_keys` (an array of const char*) changed; may run while routes and sends are
  // in flight, on a host thread. Throw to refuse it (the plugin keeps what it had).
  virtual void reconfigure(std::string_view config_json) { static_cast<void>(config_json); }
};

inline Plugin::~Plugin() = default;

namespace detail {

// What create() hands the host as `state`: the Host first, so it outlives the plugin.
template <typename P>
struct Instance {
  Instance(const fd_host_api* api, fd_host* handle, std::string_view config)
      : host(api, handle), plugin(std::make_unique<P>(host, config)) {}
  Host host;
  std::unique_ptr<P> plugin;
};

// Calls fd_deliver_done exactly once, whatever happens to the DeliverDone copies.
class DeliverOnce {
 public:
  DeliverOnce(fd_deliver_done done, void* user) noexcept : done_(done), user_(user) {}
  DeliverOnce(const DeliverOnce&) = delete;
  DeliverOnce& operator=(const DeliverOnce&) = delete;
  ~DeliverOnce() { report(FD_DELIVERY_TRANSIENT, {}, "the plugin dropped the delivery"); }

  void report(fd_delivery_status status, std::string_view provider_id,
              std::string_view error) noexcept {
    if (!called_.exchange(true)) {
      done_(user_, status, to_fd(provider_id), to_fd(error));
    }
  }

 private:
  fd_deliver_done done_;
  void* user_;
  std::atomic<bool> called_{false};
};

template <typename P>
void* create(const fd_host_api* api, fd_host* handle, fd_str config, char* err,
             std::size_t err_size) noexcept {
  try {
    if (api == nullptr || !covers(api->struct_size, offsetof(fd_host_api, submit_inbound),
                                  sizeof(api->submit_inbound))) {
      write_error(err, err_size, "the host API is older than this plugin's SDK");
      return nullptr;
    }
    return new Instance<P>(api, handle, view(config));
  } catch (const std::exception& e) {
    write_error(err, err_size, e.what());
  } catch (...) {
    write_error(err, err_size, "unknown error");
  }
  return nullptr;
}

// Runs `call`: 0, or 1 with the exception's text in the host's error buffer.
template <typename Call>
int refusal_of(char* err, std::size_t err_size, Call&& call) noexcept {
  try {
    call();
    return 0;
  } catch (const std::exception& e) {
    write_error(err, err_size, e.what());
  } catch (...) {
    write_error(err, err_size, "unknown error");
  }
  return 1;
}

template <typename P>
int start(void* state, char* err, std::size_t err_size) noexcept {
  return refusal_of(err, err_size, [state] { static_cast<Instance<P>*>(state)->plugin->start(); });
}

template <typename P>
void stop(void* state) noexcept {
  auto* instance = static_cast<Instance<P>*>(state);
  try {
    instance->plugin->stop();
  } catch (const std::exception& e) {
    instance->host.log_failure("stop failed", e.what());
  } catch (...) {
    instance->host.log_failure("stop failed", "unknown error");
  }
}

template <typename P>
void destroy(void* state) noexcept {
  delete static_cast<Instance<P>*>(state);
}

template <typename P>
void deliver(void* state, const fd_outbound_message* message, fd_deliver_done done,
             void* user) noexcept {
  std::shared_ptr<DeliverOnce> once;
  try {
    once = std::make_shared<DeliverOnce>(done, user);
    DeliverDone callback = [once](fd_delivery_status status, const std::string& provider_id,
                                  const std::string& error) {
      once->report(status, provider_id, error);
    };
    static_cast<Instance<P>*>(state)->plugin->deliver(OutboundMessage(*message),
                                                      std::move(callback));
    return;
  } catch (const std::exception& e) {
    if (once) {
      once->report(FD_DELIVERY_TRANSIENT, {}, e.what());
      return;
    }
  } catch (...) {
    if (once) {
      once->report(FD_DELIVERY_TRANSIENT, {}, "unknown error");
      return;
    }
  }
  done(user, FD_DELIVERY_TRANSIENT, fd_str{nullptr, 0}, to_fd("out of memory"));
}

template <typename P>
int reconfigure(void* state, fd_str config, char* err, std::size_t err_size) noexcept {
  return refusal_of(err, err_size,
                    [state, config] { static_cast<Instance<P>*>(state)->plugin->reconfigure(view(config)); });
}

// P's `reloadable_keys`, when it declares any.
template <typename P>
constexpr std::span<const char* const> reloadable_keys() noexcept {
  if constexpr (requires { std::span<const char* const>(P::reloadable_keys); }) {
    return std::span<const char* const>(P::reloadable_keys);
  } else {
    return {};
  }
}

// The descriptor for plugin class P. `keys` must have static storage duration.
template <typename P>
const fd_plugin* descriptor(const char* name, const char* version,
                            std::span<const fd_config_key> keys) noexcept {
  static_assert(std::is_base_of_v<Plugin, P>,
                "a Frontdesk plugin class derives from frontdesk::sdk::Plugin");
  static_assert(
      std::is_constructible_v<P, Host&, std::string_view>,
      "a Frontdesk plugin class is constructible from (Host&, std::string_view config_json)");
  static const fd_plugin plugin = {
      FD_PLUGIN_ABI_VERSION, sizeof(fd_plugin), name,      version,  keys.data(),
      keys.size(),           &create<P>,        &start<P>, &stop<P>, &destroy<P>,
      &deliver<P>,           reloadable_keys<P>().data(), reloadable_keys<P>().size(),
      reloadable_keys<P>().empty() ? nullptr : &reconfigure<P>,
  };
  return &plugin;
}

}  // namespace detail
}  // namespace frontdesk::sdk

// Defines the exported entry point for plugin class `Class`, channel `Name` ("webform"),
// `Version` ("1.2.0"), and `Keys`: a static array (or std::array, or empty span `{}`) of
// fd_config_key describing every config key under `channels.<Name>`.
#define FRONTDESK_PLUGIN(Class, Name, Version, Keys)                               \
  extern "C" FD_PLUGIN_EXPORT const fd_plugin* frontdesk_plugin(void) {            \
    return ::frontdesk::sdk::detail::descriptor<Class>((Name), (Version), (Keys)); \
  }

#endif  // FRONTDESK_PLUGIN_HPP
