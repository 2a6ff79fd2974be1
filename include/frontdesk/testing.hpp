// SPDX-License-Identifier: Apache-2.0
// Frontdesk plugin SDK — a fake host for a plugin's unit tests, no daemon needed.
//
// It implements the host's side of plugin.h in memory: it creates a plugin from its
// descriptor (with the declared defaults), records the routes it registers and calls them,
// records every submitted message and lets the test answer it, calls deliver(), and opens
// WebSocket connections the test drives like a client. Everything goes through the C ABI,
// exactly as frontdeskd calls a plugin, so what passes here passes there.
//
//   #include <frontdesk/testing.hpp>
//
//   using frontdesk::sdk::testing::FakeHost;
//   FakeHost host;
//   ASSERT_EQ(host.create(*frontdesk_plugin(), {{"greeting", "\"hi\""}}), "");
//   auto exchange = host.request("POST", "/webhooks/echo", "hello");
//   ASSERT_EQ(host.submits.size(), 1u);
//   EXPECT_EQ(host.submits[0].body, "hello");
//   host.answer(0, FakeHost::result(FD_INGEST_CREATED, "TKT-1-000001"));
//   EXPECT_EQ(exchange->response->status, 200);
//
//   auto client = host.connect("/ws/echo");          // a WebSocket route
//   client->send_text("hi");
//   EXPECT_EQ(client->frames().at(0).data, "hi");
//
// Header-only, standard library only. Not thread-safe against the test itself, except
// where noted: plugins may submit, answer and send frames from their own threads, and the
// wait_* functions wait for them.
#ifndef FRONTDESK_TESTING_HPP
#define FRONTDESK_TESTING_HPP

#include <frontdesk/plugin.hpp>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::sdk::testing {

// One HTTP request as the test sends it.
struct HttpCall {
  std::string method = "GET";
  std::string path = "/";
  std::string query;
  std::string remote_addr = "203.0.113.7";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> params;  // filled by request() from the route's ":name" segments
};

// A response the plugin gave.
struct Reply {
  std::uint16_t status = 0;
  std::string content_type;
  std::string body;  // a page's data when `page` is set
  std::vector<std::pair<std::string, std::string>> headers;
  std::string page;  // the daemon page the host would render, if any

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (detail::iequals_ascii(key, name)) {
        return value;
      }
    }
    return std::nullopt;
  }
};

// One HTTP exchange: the plugin answers it once, maybe later (after a commit).
struct Exchange {
  int calls = 0;  // how often the plugin called respond(); the ABI wants exactly one
  std::optional<Reply> response;
};

struct RecordedRoute {
  std::string method;
  std::string pattern;
  std::uint32_t flags = 0;
  fd_route_handler handler = nullptr;
  void* user = nullptr;
};

// A submitted message (an owning copy) and its pending completion.
struct Submitted : InboundMessage {
  std::uint32_t struct_size = 0;
  fd_inbound_done done = nullptr;
  void* user = nullptr;
  bool answered = false;
};

// What the plugin's deliver() reported.
struct Delivery {
  bool reported = false;
  fd_delivery_status status = FD_DELIVERY_TRANSIENT;
  std::string provider_id;
  std::string error;
};

// One outbound message for deliver(), owned (every field 0 or empty until set).
using Outbound = sdk::Outbound;

struct Frame {
  fd_ws_frame_type type = FD_WS_TEXT;
  std::string data;
};

class FakeHost;

// The client end of one WebSocket connection the test opened with FakeHost::connect().
// on_message and on_close run on the test's thread, inside send_*() and close(); what the
// plugin sends (from any thread) is collected in frames().
class FakeClient {
 public:
  // 0 when the plugin accepted the connection, else the HTTP status it refused with.
  [[nodiscard]] std::uint16_t refused_status() const noexcept { return state_->refused; }
  [[nodiscard]] bool accepted() const noexcept { return state_->refused == 0; }

  // Sends one message to the plugin, as the host does for a client frame.
  void send_text(std::string_view text) const { deliver(FD_WS_TEXT, text); }
  void send_binary(std::string_view data) const { deliver(FD_WS_BINARY, data); }

  // The client closes (or goes away): the plugin's on_close runs once with `code`.
  void close(std::uint16_t code = FD_WS_CLOSE_NORMAL, std::string_view reason = {}) const {
    state_->end(code, reason);
  }

  // Frames the plugin sent so far (thread-safe).
  [[nodiscard]] std::vector<Frame> frames() const {
    std::lock_guard lock(state_->mutex);
    return state_->frames;
  }
  // Waits until the plugin sent at least `count` frames; false on timeout.
  bool wait_for_frames(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return state_->frames.size() >= count; });
  }
  // The code the plugin closed with (ws_close), if it did.
  [[nodiscard]] std::optional<std::uint16_t> plugin_close_code() const {
    std::lock_guard lock(state_->mutex);
    return state_->plugin_close;
  }
  // Whether the connection ended (on_close ran) and the plugin gave its handle back.
  [[nodiscard]] bool closed() const {
    std::lock_guard lock(state_->mutex);
    return state_->ended;
  }
  [[nodiscard]] bool released() const {
    std::lock_guard lock(state_->mutex);
    return state_->released;
  }

 private:
  friend class FakeHost;

  struct State {
    fd_ws_route route{};
    void* conn_user = nullptr;
    std::uint16_t refused = 0;
    std::size_t max_queued_frames = 0;  // 0: unbounded

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Frame> frames;
    std::optional<std::uint16_t> plugin_close;
    bool closing = false;      // the plugin closed or was dropped; on_close may be pending
    bool in_callback = false;  // on_message is running: an end waits until it returns
    std::optional<std::pair<std::uint16_t, std::string>> pending_end;
    bool ended = false;
    bool released = false;

    // An end the plugin caused (ws_close, a drop): like frontdeskd, never calls on_close
    // from inside on_message.
    void end_later(std::uint16_t code, std::string_view reason) {
      {
        std::lock_guard lock(mutex);
        if (in_callback) {
          pending_end.emplace(code, std::string(reason));
          return;
        }
      }
      end(code, reason);
    }

    void end(std::uint16_t code, std::string_view reason) {
      {
        std::lock_guard lock(mutex);
        if (ended || refused != 0) {
          return;
        }
        ended = true;
      }
      route.on_close(conn_user, handle(), code, to_fd(reason));
      changed.notify_all();
    }
    fd_ws_conn* handle() noexcept { return reinterpret_cast<fd_ws_conn*>(this); }
    static State* of(fd_ws_conn* conn) noexcept { return reinterpret_cast<State*>(conn); }
  };

  explicit FakeClient(std::shared_ptr<State> state) : state_(std::move(state)) {}

  void deliver(fd_ws_frame_type type, std::string_view data) const {
    {
      std::lock_guard lock(state_->mutex);
      if (state_->ended || state_->closing || state_->refused != 0) {
        return;
      }
      state_->in_callback = true;
    }
    state_->route.on_message(state_->conn_user, state_->handle(), type, to_fd(data));
    std::optional<std::pair<std::uint16_t, std::string>> pending;
    {
      std::lock_guard lock(state_->mutex);
      state_->in_callback = false;
      pending.swap(state_->pending_end);
    }
    if (pending) {
      state_->end(pending->first, pending->second);
    }
  }

  std::shared_ptr<State> state_;
};

class FakeHost {
 public:
  FakeHost() {
    api_.abi_version = FD_PLUGIN_ABI_VERSION;
    api_.struct_size = sizeof(fd_host_api);
    api_.log = &FakeHost::log_fn;
    api_.register_route = &FakeHost::register_route_fn;
    api_.respond = &FakeHost::respond_fn;
    api_.submit_inbound = &FakeHost::submit_fn;
    api_.io_context = &FakeHost::io_context_fn;
    api_.update_delivery = &FakeHost::update_delivery_fn;
    api_.annotate_message = &FakeHost::annotate_fn;
    api_.register_websocket = &FakeHost::register_websocket_fn;
    api_.ws_send = &FakeHost::ws_send_fn;
    api_.ws_close = &FakeHost::ws_close_fn;
    api_.ws_release = &FakeHost::ws_release_fn;
    api_.conversation = &FakeHost::conversation_fn;
    api_.broadcast = &FakeHost::broadcast_fn;
    api_.on_broadcast = &FakeHost::on_broadcast_fn;
    api_.open_incidents = &FakeHost::open_incidents_fn;
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;
  FakeHost(FakeHost&&) = delete;
  FakeHost& operator=(FakeHost&&) = delete;
  // Closes open connections (1001), stops and destroys the plugin, as frontdeskd does.
  ~FakeHost() { destroy(); }

  // ---- the host table, for tests that call a plugin's descriptor themselves

  [[nodiscard]] const fd_host_api* api() const noexcept { return &api_; }
  // To simulate an older host (a smaller struct_size, a missing function).
  [[nodiscard]] fd_host_api& mutable_api() noexcept { return api_; }
  [[nodiscard]] fd_host* handle() noexcept { return reinterpret_cast<fd_host*>(this); }

  // ---- the plugin's life cycle

  // The config the host would pass: every key the plugin declares with its default, and
  // `overrides` (key → JSON text, e.g. {"rate_limit_per_minute", "5"}) applied.
  [[nodiscard]] static std::string config_json(const fd_plugin& plugin,
                                               const std::map<std::string, std::string>& overrides = {}) {
    std::map<std::string, std::string> values;
    for (std::size_t i = 0; i < plugin.config_key_count; ++i) {
      values[plugin.config_keys[i].name] = plugin.config_keys[i].default_json;
    }
    for (const auto& [key, json] : overrides) {
      values[key] = json;
    }
    std::string out = "{";
    for (const auto& [key, json] : values) {
      if (out.size() > 1) {
        out += ',';
      }
      out += '"';
      out += key;  // config keys are identifiers: nothing to escape
      out += "\":";
      out += json;
    }
    out += '}';
    return out;
  }

  // Creates and starts the plugin; "" on success, else its reason.
  std::string create(const fd_plugin& plugin, const std::map<std::string, std::string>& overrides = {}) {
    destroy();
    plugin_ = &plugin;
    accepting_routes_ = true;
    std::array<char, 1024> err{};
    const std::string config = config_json(plugin, overrides);
    state_ = plugin.create(&api_, handle(), fd_str{config.data(), config.size()}, err.data(), err.size());
    accepting_routes_ = false;
    if (state_ == nullptr) {
      err.back() = '\0';
      return err[0] != '\0' ? std::string(err.data()) : std::string("create failed without a reason");
    }
    if (plugin.start != nullptr && plugin.start(state_, err.data(), err.size()) != 0) {
      err.back() = '\0';
      return std::string("start failed: ") + err.data();
    }
    started_ = true;
    return {};
  }

  // stop() then destroy(), after closing every open WebSocket connection with 1001.
  void destroy() {
    for (auto& client : clients_) {
      client->end(FD_WS_CLOSE_GOING_AWAY, "server shutting down");
    }
    if (plugin_ != nullptr && state_ != nullptr) {
      if (started_ && plugin_->stop != nullptr) {
        plugin_->stop(state_);
      }
      plugin_->destroy(state_);
    }
    state_ = nullptr;
    started_ = false;
  }

  [[nodiscard]] void* state() const noexcept { return state_; }

  // ---- HTTP

  [[nodiscard]] const RecordedRoute* find_route(std::string_view method, std::string_view pattern) const {
    for (const auto& route : routes) {
      if (route.method == method && route.pattern == pattern) {
        return &route;
      }
    }
    return nullptr;
  }

  // Calls a registered route's handler as the host would. The exchange holds the answer
  // once the plugin gave it (maybe only after answer()).
  std::unique_ptr<Exchange> call(const RecordedRoute& route, const HttpCall& call) {
    const RequestView request(call);
    auto exchange = std::make_unique<Exchange>();
    route.handler(route.user, &request.raw, reinterpret_cast<fd_responder*>(exchange.get()));
    return exchange;
  }

  // Routes `call` by method and path (":name" segments fill call.params) and calls the
  // handler; nullptr when no registered route matches.
  std::unique_ptr<Exchange> request(HttpCall call) {
    for (const auto& route : routes) {
      if (route.method == call.method && match(route.pattern, call.path, call.params)) {
        return this->call(route, call);
      }
    }
    return nullptr;
  }

  // The same for a request without headers.
  std::unique_ptr<Exchange> request(std::string method, std::string path, std::string body = {}) {
    HttpCall call;
    call.method = std::move(method);
    call.path = std::move(path);
    call.body = std::move(body);
    return request(std::move(call));
  }

  // ---- inbound messages

  // An answer for answer(): the outcome and, for a stored message, its ticket.
  [[nodiscard]] static InboundResult result(fd_ingest_status status, std::string ticket_number = {},
                                            std::string error = {}) {
    InboundResult out;
    out.status = status;
    out.ticket_number = std::move(ticket_number);
    out.error = std::move(error);
    return out;
  }

  // Runs the completion of submitted message `index` with `result`, once.
  void answer(std::size_t index, InboundResult result) {
    fd_inbound_done done = nullptr;
    void* user = nullptr;
    {
      std::lock_guard lock(mutex_);
      auto& submitted = submits.at(index);
      if (submitted.answered) {
        return;
      }
      submitted.answered = true;
      done = submitted.done;
      user = submitted.user;
    }
    fd_inbound_result raw{};
    raw.struct_size = sizeof(fd_inbound_result);
    raw.status = result.status;
    raw.ticket_id = result.ticket_id;
    raw.message_id = result.message_id;
    raw.ticket_number = to_fd(result.ticket_number);
    raw.customer_token = to_fd(result.customer_token);
    raw.error = to_fd(result.error);
    raw.ticket_status = to_fd(result.ticket_status);
    raw.conversation_seq = result.conversation_seq;
    done(user, &raw);
  }
  // The name frontdesk's own tests used for answer().
  void complete(std::size_t index, InboundResult result) { answer(index, std::move(result)); }

  // Waits until the plugin submitted at least `count` messages (from any thread).
  bool wait_for_submits(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return submits.size() >= count; });
  }

  // Answers every message submitted from now on at once with `result` (e.g. a plugin that
  // submits from its own thread and waits); nullopt leaves them for answer().
  void auto_answer(std::optional<InboundResult> result) {
    std::lock_guard lock(mutex_);
    auto_answer_ = std::move(result);
  }

  // ---- outbound messages

  // Calls the plugin's deliver(); the result is filled when the plugin reports (maybe
  // later, from another thread: see wait_for_delivery).
  std::shared_ptr<Delivery> deliver(const Outbound& m) {
    auto outcome = std::make_shared<Delivery>();
    const fd_outbound_message raw = detail::outbound_view(m);
    auto* pending = new PendingDelivery{this, outcome};
    plugin_->deliver(state_, &raw, &FakeHost::delivered_fn, pending);
    return outcome;
  }
  bool wait_for_delivery(const std::shared_ptr<Delivery>& delivery, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return delivery->reported; });
  }

  // ---- WebSocket

  // Opens a connection to the WebSocket route matching `call.path` (nullopt when none):
  // on_open runs now. The client is refused (refused_status()) or accepted.
  std::optional<FakeClient> connect(HttpCall call) {
    for (const auto& route : websockets) {
      if (!match(route.pattern, call.path, call.params)) {
        continue;
      }
      auto state = std::make_shared<FakeClient::State>();
      state->route = route.route;
      state->max_queued_frames = max_queued_frames;
      call.method = "GET";
      const RequestView request(call);
      state->refused = route.route.on_open(route.user, &request.raw, state->handle(), &state->conn_user);
      if (state->refused == 0) {
        clients_.push_back(state);
      }
      return FakeClient(state);
    }
    return std::nullopt;
  }

  // The same for a path and query without headers.
  std::optional<FakeClient> connect(std::string path, std::string query = {}) {
    HttpCall call;
    call.path = std::move(path);
    call.query = std::move(query);
    return connect(std::move(call));
  }

  // Hands `payload` to the handler the plugin registered with on_broadcast, as a broadcast
  // from any daemon would arrive; false when it registered none.
  bool deliver_broadcast(std::string_view payload) {
    if (broadcast_handler_ == nullptr) return false;
    broadcast_handler_(broadcast_user_, to_fd(payload));
    return true;
  }

  struct RecordedWebSocket {
    std::string pattern;
    fd_ws_route route{};
    void* user = nullptr;
  };

  // ---- what the plugin did (read them from the test's thread; `submits` may grow from
  // the plugin's threads: wait_for_submits first)

  std::vector<RecordedRoute> routes;
  std::vector<RecordedWebSocket> websockets;
  std::vector<std::pair<fd_log_level, std::string>> logs;
  std::vector<Submitted> submits;
  // (provider id, status, error) of update_delivery; (message id, metadata) of annotate_message.
  std::vector<std::array<std::string, 3>> delivery_updates;
  std::vector<std::pair<std::int64_t, std::string>> annotations;
  fd_update_result update_result = FD_UPDATE_APPLIED;  // what those two answer
  // What conversation() answers, by identity (a test adds messages with their seq), and the
  // payloads the plugin broadcast; deliver_broadcast() hands one to the plugin's handler.
  std::map<std::string, std::vector<sdk::ConversationMessage>> conversations;
  std::vector<std::string> broadcasts;
  std::string open_incidents = R"({"incidents":[]})";  // what open_incidents() answers
  std::string clashing_pattern = "/clash";  // register_route/register_websocket refuse it
  void* io_context_pointer = nullptr;       // what io_context() returns
  std::size_t max_queued_frames = 0;        // a client holding more is dropped (0: never)

 private:
  // An fd_http_request viewing `call`, valid while both live.
  struct RequestView {
    explicit RequestView(const HttpCall& call) {
      headers.reserve(call.headers.size());
      for (const auto& [name, value] : call.headers) {
        headers.push_back(fd_header{to_fd(name), to_fd(value)});
      }
      params.reserve(call.params.size());
      for (const auto& param : call.params) {
        params.push_back(to_fd(param));
      }
      raw.struct_size = sizeof(fd_http_request);
      raw.method = to_fd(call.method);
      raw.path = to_fd(call.path);
      raw.query = to_fd(call.query);
      raw.remote_addr = to_fd(call.remote_addr);
      raw.headers = headers.data();
      raw.header_count = headers.size();
      raw.body = to_fd(call.body);
      raw.params = params.data();
      raw.param_count = params.size();
    }
    std::vector<fd_header> headers;
    std::vector<fd_str> params;
    fd_http_request raw{};
  };

  struct PendingDelivery {
    FakeHost* host;
    std::shared_ptr<Delivery> outcome;
  };

  static FakeHost* self(fd_host* host) noexcept { return reinterpret_cast<FakeHost*>(host); }

  // "/a/:x/b" against "/a/1/b" → params {"1"}.
  static bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
    std::vector<std::string> found;
    while (!pattern.empty() || !path.empty()) {
      if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') {
        return false;
      }
      pattern.remove_prefix(1);
      path.remove_prefix(1);
      const auto pattern_end = pattern.find('/');
      const auto path_end = path.find('/');
      const std::string_view segment = pattern.substr(0, pattern_end);
      const std::string_view value = path.substr(0, path_end);
      if (!segment.empty() && segment.front() == ':') {
        if (value.empty()) {
          return false;
        }
        found.emplace_back(value);
      } else if (segment != value) {
        return false;
      }
      pattern = pattern_end == std::string_view::npos ? std::string_view() : pattern.substr(pattern_end);
      path = path_end == std::string_view::npos ? std::string_view() : path.substr(path_end);
    }
    params = std::move(found);
    return true;
  }

  static void log_fn(fd_host* host, fd_log_level level, fd_str message) {
    std::lock_guard lock(self(host)->mutex_);
    self(host)->logs.emplace_back(level, std::string(view(message)));
  }

  static int register_route_fn(fd_host* host, fd_str method, fd_str pattern, uint32_t flags,
                               fd_route_handler handler, void* user) {
    auto* h = self(host);
    if (!h->accepting_routes_ || view(pattern) == h->clashing_pattern || handler == nullptr) {
      return -1;
    }
    h->routes.push_back(RecordedRoute{std::string(view(method)), std::string(view(pattern)), flags, handler, user});
    return 0;
  }

  static void respond_fn(fd_responder* responder, const fd_http_response* response) {
    auto* exchange = reinterpret_cast<Exchange*>(responder);
    ++exchange->calls;
    Reply reply;
    reply.status = response->status;
    reply.content_type = std::string(view(response->content_type));
    reply.body = std::string(view(response->body));
    reply.page = std::string(view(response->page));
    for (std::size_t i = 0; i < response->header_count; ++i) {
      reply.headers.emplace_back(std::string(view(response->headers[i].name)),
                                 std::string(view(response->headers[i].value)));
    }
    exchange->response = std::move(reply);
  }

  static void submit_fn(fd_host* host, const fd_inbound_message* message, fd_inbound_done done, void* user) {
    auto* h = self(host);
    Submitted submitted;
    static_cast<InboundMessage&>(submitted) = InboundMessage::from(*message);
    submitted.struct_size = message->struct_size;
    submitted.done = done;
    submitted.user = user;
    std::optional<InboundResult> automatic;
    std::size_t index = 0;
    {
      std::lock_guard lock(h->mutex_);
      h->submits.push_back(std::move(submitted));
      index = h->submits.size() - 1;
      automatic = h->auto_answer_;
    }
    h->changed_.notify_all();
    if (automatic) {
      h->answer(index, *automatic);
    }
  }

  static void* io_context_fn(fd_host* host) { return self(host)->io_context_pointer; }

  static void open_incidents_fn(fd_host* host, fd_incidents_done done, void* user) {
    std::string json;
    {
      auto* h = self(host);
      std::lock_guard lock(h->mutex_);
      json = h->open_incidents;
    }
    done(user, 1, fd_str{json.data(), json.size()});
  }

  static void conversation_fn(fd_host* host, fd_str identity_value, int64_t after_seq, uint32_t limit,
                              fd_conversation_done done, void* user) {
    auto* h = self(host);
    std::vector<sdk::ConversationMessage> page;
    {
      std::lock_guard lock(h->mutex_);
      for (const auto& m : h->conversations[std::string(view(identity_value))]) {
        if (m.seq > after_seq && page.size() < limit) page.push_back(m);
      }
    }
    std::vector<fd_conversation_message> raw;
    for (const auto& m : page) {
      raw.push_back(fd_conversation_message{sizeof(fd_conversation_message), m.seq, m.message_id, m.ticket_id,
                                            m.created_at_ms, to_fd(m.ticket_number), to_fd(m.direction),
                                            to_fd(m.author_kind), to_fd(m.author_name), to_fd(m.body),
                                            to_fd(m.external_id)});
    }
    done(user, 1, raw.data(), raw.size());
  }

  static int broadcast_fn(fd_host* host, fd_str payload) {
    auto* h = self(host);
    if (payload.size > FD_BROADCAST_MAX_BYTES) return -1;
    std::lock_guard lock(h->mutex_);
    h->broadcasts.emplace_back(view(payload));
    return 0;
  }

  static int on_broadcast_fn(fd_host* host, fd_broadcast_handler handler, void* user) {
    auto* h = self(host);
    if (!h->accepting_routes_ || handler == nullptr || h->broadcast_handler_ != nullptr) return -1;
    h->broadcast_handler_ = handler;
    h->broadcast_user_ = user;
    return 0;
  }

  static void update_delivery_fn(fd_host* host, fd_str provider_id, fd_str status, fd_str error,
                                 fd_update_done done, void* user) {
    auto* h = self(host);
    {
      std::lock_guard lock(h->mutex_);
      h->delivery_updates.push_back(
          {std::string(view(provider_id)), std::string(view(status)), std::string(view(error))});
    }
    done(user, h->update_result);
  }

  static void annotate_fn(fd_host* host, int64_t message_id, fd_str metadata_json, fd_update_done done,
                          void* user) {
    auto* h = self(host);
    {
      std::lock_guard lock(h->mutex_);
      h->annotations.emplace_back(message_id, std::string(view(metadata_json)));
    }
    done(user, h->update_result);
  }

  static void delivered_fn(void* user, fd_delivery_status status, fd_str provider_id, fd_str error) {
    std::unique_ptr<PendingDelivery> pending(static_cast<PendingDelivery*>(user));
    {
      std::lock_guard lock(pending->host->mutex_);
      pending->outcome->reported = true;
      pending->outcome->status = status;
      pending->outcome->provider_id = std::string(view(provider_id));
      pending->outcome->error = std::string(view(error));
    }
    pending->host->changed_.notify_all();
  }

  static int register_websocket_fn(fd_host* host, fd_str pattern, const fd_ws_route* route, void* user) {
    auto* h = self(host);
    if (!h->accepting_routes_ || route == nullptr || view(pattern) == h->clashing_pattern ||
        route->on_open == nullptr || route->on_message == nullptr || route->on_close == nullptr) {
      return -1;
    }
    RecordedWebSocket recorded;
    recorded.pattern = std::string(view(pattern));
    recorded.route = *route;
    recorded.user = user;
    h->websockets.push_back(std::move(recorded));
    return 0;
  }

  static fd_ws_send_result ws_send_fn(fd_ws_conn* conn, fd_ws_frame_type type, fd_str data) {
    auto* state = FakeClient::State::of(conn);
    {
      std::lock_guard lock(state->mutex);
      if (state->ended || state->closing) {
        return FD_WS_CLOSED;
      }
      if (state->route.max_message_bytes != 0 && data.size > state->route.max_message_bytes) {
        return FD_WS_TOO_BIG;
      }
      if (state->max_queued_frames == 0 || state->frames.size() < state->max_queued_frames) {
        state->frames.push_back(Frame{type, std::string(view(data))});
        state->changed.notify_all();
        return FD_WS_QUEUED;
      }
      state->closing = true;  // dropped: on_close follows
    }
    state->end_later(FD_WS_CLOSE_ABNORMAL, "outbound queue full");
    return FD_WS_DROPPED;
  }

  // The fake client answers a close at once: on_close runs with the plugin's code (after
  // on_message returned, when the plugin closes from inside it).
  static void ws_close_fn(fd_ws_conn* conn, uint16_t code, fd_str reason) {
    auto* state = FakeClient::State::of(conn);
    {
      std::lock_guard lock(state->mutex);
      if (state->ended || state->closing) {
        return;
      }
      state->plugin_close = code;
      state->closing = true;
    }
    state->end_later(code, view(reason));
  }

  static void ws_release_fn(fd_ws_conn* conn) {
    auto* state = FakeClient::State::of(conn);
    std::lock_guard lock(state->mutex);
    state->released = true;
    state->changed.notify_all();
  }

  fd_host_api api_{};
  const fd_plugin* plugin_ = nullptr;
  void* state_ = nullptr;
  bool started_ = false;
  bool accepting_routes_ = true;  // true until create() returns, as in frontdeskd
  fd_broadcast_handler broadcast_handler_ = nullptr;
  void* broadcast_user_ = nullptr;
  std::vector<std::shared_ptr<FakeClient::State>> clients_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<InboundResult> auto_answer_;
};

}  // namespace frontdesk::sdk::testing

#endif  // FRONTDESK_TESTING_HPP
