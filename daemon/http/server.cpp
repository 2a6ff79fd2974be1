#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/framing.hpp"
#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/stream_body.hpp"
#include "http/websocket_session.hpp"

namespace frontdesk::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kReadChunk = 4096;
// After an error answer the rest of the request is read and discarded for a while before
// closing, so the client sees the answer instead of a connection reset.
constexpr std::size_t kLingerBytes = 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

// IMF-fixdate, independent of the C locale: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                              kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                              tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(text, n > 0 ? static_cast<std::size_t>(n) : 0);
}

// Splits a request-target into its encoded path and query. Origin-form ("/p?q") is the norm;
// absolute-form ("http://h/p?q") is accepted; anything else ("*") keeps the target as path.
void split_target(std::string_view target, std::string& path, std::string& query) {
  if (!target.empty() && target.front() == '/') {
    const auto mark = target.find('?');
    path = std::string(target.substr(0, mark));
    if (mark != std::string_view::npos) {
      query = std::string(target.substr(mark + 1));
    }
    return;
  }
  if (auto url = boost::urls::parse_absolute_uri(target)) {
    path = std::string(url->encoded_path());
    if (path.empty()) {
      path = "/";
    }
    query = std::string(url->encoded_query());
    return;
  }
  path = std::string(target);
}

bool is_protocol_error(const beast::error_code& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return false;
  }
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more;
}

bool is_managed_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Server") || iequals(name, "Date");
}

// Why a response cannot be written as it is, or empty when it can.
std::string invalid_response_reason(const Response& response) {
  if (response.status < 200 || response.status > 999) {
    return "status " + std::to_string(response.status) + " is not a final status code";
  }
  if (!valid_header_value(response.content_type)) {
    return "the content type contains a control character";
  }
  for (const auto& [name, value] : response.headers) {
    if (!valid_header_name(name)) {
      return "header name \"" + name + "\" is not a token";
    }
    if (!valid_header_value(value)) {
      return "the value of header \"" + name + "\" contains CR, LF or another control character";
    }
  }
  return {};
}

std::string printable_address(const std::string& host, std::uint16_t port) {
  if (host.find(':') != std::string::npos) {
    return "[" + host + "]:" + std::to_string(port);
  }
  return host + ":" + std::to_string(port);
}

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// The fields of a parsed request header as (name, value) views, in arrival order.
std::vector<std::pair<std::string_view, std::string_view>> header_fields(
    const bhttp::request<bhttp::string_body>& message) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& field : message) out.emplace_back(field.name_string(), field.value());
  return out;
}

class Connection;

// Everything the listener and the connections share. Connections hold it by shared_ptr, so
// it outlives the Server object while they finish closing.
struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(asio::io_context& context, std::shared_ptr<const Router> routes, ServerOptions opts)
      : io(context), router(std::move(routes)), options(std::move(opts)), acceptor(context) {}

  void accept_next();
  void on_accept(const beast::error_code& ec, tcp::socket socket);
  void close_acceptor();
  void unregister(std::uint64_t id);
  void report(std::string_view pattern, unsigned status, Clock::duration elapsed);

  asio::io_context& io;
  const std::shared_ptr<const Router> router;
  const ServerOptions options;

  std::shared_mutex hook_mutex;  // ~Server clears the hook; no call runs after that
  Server::ResponseHook hook;

  std::mutex acceptor_mutex;  // every call on `acceptor` holds it
  tcp::acceptor acceptor;
  bool started = false;
  std::atomic<std::uint16_t> port{0};

  std::atomic<std::size_t> connection_count{0};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> draining{false};

  std::mutex registry_mutex;  // guards the three members below
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> registry;
  std::uint64_t next_id = 0;
  std::vector<std::function<void()>> drained_callbacks;
};

class InFlight {
 public:
  explicit InFlight(ServerCore& core) : core_(core) { ++core_.in_flight; }
  ~InFlight() { --core_.in_flight; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  ServerCore& core_;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<ServerCore> core, tcp::socket socket, std::uint64_t id)
      : core_(std::move(core)),
        id_(id),
        executor_(socket.get_executor()),
        stream_(std::move(socket)),
        answer_timer_(executor_),
        accepted_at_(Clock::now()) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      remote_addr_ = endpoint.address().to_string();
    }
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  ~Connection() { core_->unregister(id_); }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static asio::awaitable<void> run(std::shared_ptr<Connection> self) { co_await self->serve(); }

  [[nodiscard]] const asio::any_io_executor& executor() const noexcept { return executor_; }

  // On the strand: closes the connection if it is not handling a request; an upgraded one
  // gets the WebSocket close handshake (1001).
  void close_if_idle() {
    if (ws_) {
      ws_->close(close_code::going_away, "server shutting down");
    } else if (streaming_) {
      streaming_->close();
    } else if (!busy_) {
      close();
    }
  }

  // On the strand: closes the connection whatever it is doing.
  void close() {
    closing_ = true;
    if (ws_) {
      ws_->abort("server closing");
      return;
    }
    if (streaming_) streaming_->drop();
    answer_timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  asio::awaitable<void> serve();
  asio::awaitable<void> handle(bhttp::request_parser<bhttp::string_body>& parser,
                               Clock::time_point start, Clock::time_point deadline,
                               bool& keep_open);
  asio::awaitable<beast::error_code> write(Response response, unsigned version, bool head,
                                           bool keep_alive);
  asio::awaitable<void> stream_out(Response response, unsigned version, Clock::time_point start,
                                   std::string_view pattern);
  static asio::awaitable<void> watch_for_hangup(std::shared_ptr<Connection> self,
                                                 std::shared_ptr<StreamBody> body);
  asio::awaitable<void> answer_and_close(unsigned status, std::string_view code,
                                         std::string_view message, Clock::time_point start);
  asio::awaitable<void> linger_and_close();

  struct HeaderBlock {
    enum Status { complete, too_large, failed } status = failed;
    std::optional<FramingError> error;  // complete, but folded or otherwise malformed
  };
  // Reads until buffer_ holds a whole header block (or it exceeds the header limit, or the
  // stream's deadline passes) and checks its bytes.
  asio::awaitable<HeaderBlock> read_header_block();

  // On the strand: an answer for exchange `exchange` arrived.
  void deliver(std::uint64_t exchange, Response response) {
    if (exchange != exchange_ || answer_) {
      spdlog::debug("http: dropping a late response (status {}) on a finished exchange",
                    response.status);
      return;
    }
    answer_ = std::move(response);
    answer_timer_.cancel();
  }

  const std::shared_ptr<ServerCore> core_;
  const std::uint64_t id_;
  const asio::any_io_executor executor_;
  beast::tcp_stream stream_;
  asio::steady_timer answer_timer_;
  beast::flat_buffer buffer_;
  std::string remote_addr_;
  const Clock::time_point accepted_at_;
  bool busy_ = false;     // a request's header block has arrived; its answer is not written
  bool closing_ = false;  // close() ran
  std::uint64_t exchange_ = 0;
  std::optional<Response> answer_;
  // Set once the connection is upgraded: it owns the stream from then on.
  std::shared_ptr<detail::WebSocketSession> ws_;
  // Set while a streamed body (Server-Sent Events) is being written.
  std::shared_ptr<StreamBody> streaming_;
};

asio::awaitable<void> Connection::serve() {
  const auto& options = core_->options;
  bool first = true;
  bool keep_open = true;
  while (keep_open && !closing_) {
    // Wait for the first byte of the next request (unless it is buffered already).
    busy_ = false;
    if (core_->draining.load()) {
      break;
    }
    if (buffer_.size() == 0) {
      stream_.expires_after(first ? options.header_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kAwait);
      if (ec || closing_) {
        break;
      }
      buffer_.commit(n);
    }
    const auto start = Clock::now();
    const auto deadline = start + options.request_timeout;
    // The first request's header block is due header_timeout after the accept; a later
    // one's after its first byte.
    const auto header_deadline = (first ? accepted_at_ : start) + options.header_timeout;
    first = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    parser.body_limit(options.body_limit);
    stream_.expires_at(std::min(header_deadline, deadline));
    // The whole header block is read first and checked as bytes (folded lines), since
    // Beast's parser would unfold them silently; then Beast parses it from the buffer.
    const auto block = co_await read_header_block();
    if (closing_) {
      break;
    }
    if (block.status == HeaderBlock::too_large) {
      co_await answer_and_close(431, "headers_too_large", "The request headers are too large.",
                                start);
      break;
    }
    if (block.status == HeaderBlock::failed) {
      break;  // timeout, reset, or end of stream
    }
    if (block.error) {
      co_await answer_and_close(block.error->status, "bad_request", block.error->message, start);
      break;
    }
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kAwait);
    if (closing_) {
      break;
    }
    if (ec == bhttp::error::body_limit) {
      co_await answer_and_close(413, "payload_too_large", "The request body is too large.", start);
      break;
    }
    if (ec == bhttp::error::header_limit) {
      co_await answer_and_close(431, "headers_too_large", "The request headers are too large.",
                                start);
      break;
    }
    if (is_protocol_error(ec)) {
      co_await answer_and_close(400, "bad_request", "Malformed HTTP request.", start);
      break;
    }
    if (ec) {
      break;  // timeout, reset, or end of stream
    }
    // Framing and Host (RFC 9112 §3.2, §6.3): a request that could be read two ways is
    // refused before its body is read, and the connection closes.
    if (auto error = check_framing(header_fields(parser.get()), parser.get().version())) {
      co_await answer_and_close(error->status,
                                error->status == 501 ? "not_implemented" : "bad_request",
                                error->message, start);
      break;
    }
    co_await handle(parser, start, deadline, keep_open);
  }
  busy_ = false;
  if (!closing_ && !ws_) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }
}

asio::awaitable<void> Connection::handle(bhttp::request_parser<bhttp::string_body>& parser,
                                         Clock::time_point start, Clock::time_point deadline,
                                         bool& keep_open) {
  keep_open = false;
  busy_ = true;
  std::optional<InFlight> counted;
  counted.emplace(*core_);
  const auto& options = core_->options;

  if (!parser.is_done()) {
    auto& header = parser.get();
    const auto expect = header.find(bhttp::field::expect);
    if (expect != header.end() && iequals(expect->value(), "100-continue")) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, header.version()};
      stream_.expires_at(deadline);
      auto [ec, n] = co_await bhttp::async_write(stream_, go_on, kAwait);
      if (ec || closing_) {
        co_return;
      }
    }
    stream_.expires_at(deadline);
    auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser, kAwait);
    if (closing_) {
      co_return;
    }
    if (ec == bhttp::error::body_limit) {
      co_await answer_and_close(413, "payload_too_large", "The request body is too large.", start);
      co_return;
    }
    if (is_protocol_error(ec)) {
      co_await answer_and_close(400, "bad_request", "Malformed HTTP request.", start);
      co_return;
    }
    if (ec) {
      co_return;  // timeout, reset, or the client went away mid-body
    }
  }

  auto message = parser.release();
  const unsigned version = message.version();
  const bool head = message.method() == bhttp::verb::head;
  bool keep_alive = message.keep_alive();

  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  split_target(request.target, request.path, request.query);
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_addr = options.trusted_proxies.client_address(remote_addr_, header_fields(message));

  // A WebSocket route's upgrade: the open function accepts (the connection becomes the
  // WebSocket's until it ends) or refuses (its answer is written like any other).
  std::optional<Response> refusal;
  if (beast::websocket::is_upgrade(message)) {
    if (const auto* route = core_->router->find_websocket(request)) {
      auto session = std::make_shared<detail::WebSocketSession>(executor_, route->limits);
      WebSocketAccept accepted;
      try {
        accepted = route->open(request, session);
      } catch (const std::exception& e) {
        spdlog::error("http: WebSocket open for {} threw: {}", request.route_pattern, e.what());
        accepted = WebSocketAccept{nullptr, Response::error(500, "internal_error", "Internal server error.")};
      }
      if (accepted.handler) {
        ws_ = session;
        core_->report(request.route_pattern, 101, Clock::now() - start);
        counted.reset();
        busy_ = false;
        co_await session->run(std::move(stream_), std::move(message), std::move(accepted.handler),
                              options.header_timeout);
        co_return;
      }
      refusal = std::move(accepted.refusal);
    }
  }

  const auto allow_origin = options.cross_origin.allowed(request.header("Origin"), request.path);
  const auto exchange = ++exchange_;
  answer_.reset();
  std::string_view pattern;
  if (refusal) {
    answer_ = std::move(*refusal);
  } else {
    std::weak_ptr<Connection> weak = weak_from_this();
    Responder responder(executor_, [weak, exchange](Response response) {
      if (auto self = weak.lock()) {
        auto target = self->executor_;
        asio::post(target, [self = std::move(self), exchange,
                            response = std::move(response)]() mutable {
          self->deliver(exchange, std::move(response));
        });
      } else {
        spdlog::debug("http: dropping a response (status {}) for a closed connection",
                      response.status);
      }
    });
    pattern = core_->router->dispatch(std::move(request), responder);
  }

  while (!answer_ && !closing_) {
    answer_timer_.expires_at(deadline);
    auto [ec] = co_await answer_timer_.async_wait(kAwait);
    if (!ec) {
      break;  // the deadline passed
    }
  }
  if (closing_) {
    co_return;
  }
  Response response;
  if (answer_) {
    response = std::move(*answer_);
    answer_.reset();
  } else {
    ++exchange_;  // a late answer to this request is dropped
    spdlog::warn("http: {} {} got no answer within {} ms; sending 503", message.method_string(),
                 pattern.empty() ? std::string_view(message.target()) : pattern,
                 options.request_timeout.count());
    response = Response::error(503, "timeout", "The request took too long.");
    keep_alive = false;
  }
  if (allow_origin) {
    response.headers.emplace_back("Access-Control-Allow-Origin", *allow_origin);
    response.headers.emplace_back("Vary", "Origin");
  }
  for (const auto& [name, value] : response.headers) {
    if (iequals(name, "Connection") && iequals(value, "close")) {
      keep_alive = false;
    }
  }
  if (core_->draining.load()) {
    keep_alive = false;
  }
  if (response.stream) {
    if (!head && invalid_response_reason(response).empty()) {
      co_await stream_out(std::move(response), version, start, pattern);
      co_return;
    }
    response.stream->finished();
    response.stream.reset();
  }
  const unsigned status = response.status;
  auto ec = co_await write(std::move(response), version, head, keep_alive);
  if (ec) {
    co_return;
  }
  core_->report(pattern, status, Clock::now() - start);
  keep_open = keep_alive;
}

asio::awaitable<beast::error_code> Connection::write(Response response, unsigned version,
                                                     bool head, bool keep_alive) {
  if (auto reason = invalid_response_reason(response); !reason.empty()) {
    spdlog::error("http: refusing to send a response: {}; sending 500 instead", reason);
    response = Response::error(500, "internal_error", "Internal server error.");
  }
  bhttp::response<bhttp::string_body> message;
  message.version(version);
  message.result(response.status);
  message.set(bhttp::field::server, "frontdesk");
  message.set(bhttp::field::date, http_date());
  if (!response.content_type.empty()) {
    message.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (is_managed_header(name)) {
      continue;
    }
    message.insert(name, value);
  }
  const bool bodiless = response.status == 204 || response.status == 304;
  if (!bodiless) {
    message.content_length(response.body.size());
    if (!head) {
      message.body() = std::move(response.body);
    }
  }
  message.keep_alive(keep_alive);
  stream_.expires_after(core_->options.request_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream_, message, kAwait);
  if (ec && !closing_) {
    spdlog::debug("http: writing a response to {} failed: {}", remote_addr_, ec.message());
  }
  co_return ec;
}

// The header, then the body as the handler produces it, until it ends, the client goes away
// or a write takes longer than request_timeout; then the connection closes (the body is
// delimited by the close: no Content-Length, no chunking).
asio::awaitable<void> Connection::stream_out(Response response, unsigned version,
                                             Clock::time_point start, std::string_view pattern) {
  auto body = std::move(response.stream);
  streaming_ = body;
  bhttp::response<bhttp::empty_body> message;
  message.version(version);
  message.result(response.status);
  message.set(bhttp::field::server, "frontdesk");
  message.set(bhttp::field::date, http_date());
  if (!response.content_type.empty()) {
    message.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (!is_managed_header(name)) message.insert(name, value);
  }
  message.keep_alive(false);
  auto wake = std::make_shared<asio::steady_timer>(executor_, Clock::time_point::max());
  body->attach([wake, executor = executor_] { asio::post(executor, [wake] { wake->cancel(); }); });
  bhttp::response_serializer<bhttp::empty_body> serializer(message);
  stream_.expires_after(core_->options.request_timeout);
  auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, kAwait);
  if (!ec) {
    core_->report(pattern, response.status, Clock::now() - start);
    asio::co_spawn(executor_, watch_for_hangup(shared_from_this(), body), asio::detached);
  }
  while (!ec && !closing_) {
    auto taken = body->take();
    if (taken.dropped) break;
    if (!taken.data.empty()) {
      stream_.expires_after(core_->options.request_timeout);
      auto [wec, written] = co_await asio::async_write(stream_, asio::buffer(taken.data), kAwait);
      ec = wec;
      continue;
    }
    if (taken.ended) break;
    wake->expires_at(Clock::time_point::max());
    co_await wake->async_wait(kAwait);
  }
  streaming_.reset();
  body->finished();
  if (!closing_) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }
}

// A streaming client sends nothing after its request, so a read that ends means it has gone:
// the body is dropped at once, which gives back its slot (streams are limited per token)
// without waiting for the next event or heartbeat to fail to write. The read is on the bare
// socket so that the write deadlines of the tcp_stream do not apply to it.
asio::awaitable<void> Connection::watch_for_hangup(std::shared_ptr<Connection> self,
                                                   std::shared_ptr<StreamBody> body) {
  std::array<char, 512> discard{};
  for (;;) {
    auto [ec, n] = co_await self->stream_.socket().async_read_some(asio::buffer(discard), kAwait);
    if (ec) break;
  }
  body->drop();
}

asio::awaitable<void> Connection::answer_and_close(unsigned status, std::string_view code,
                                                   std::string_view message,
                                                   Clock::time_point start) {
  busy_ = true;
  InFlight counted(*core_);
  spdlog::debug("http: {} from {}: {}", status, remote_addr_, message);
  auto ec = co_await write(Response::error(status, code, message), 11, false, false);
  if (!ec) {
    core_->report({}, status, Clock::now() - start);
    co_await linger_and_close();
  }
}

asio::awaitable<Connection::HeaderBlock> Connection::read_header_block() {
  HeaderBlock out;
  while (!closing_) {
    const auto data = buffer_.data();
    const std::string_view bytes(static_cast<const char*>(data.data()), data.size());
    if (const auto length = header_block_length(bytes)) {
      if (*length > kHeaderLimit) {
        out.status = HeaderBlock::too_large;
        co_return out;
      }
      out.status = HeaderBlock::complete;
      out.error = check_header_block(bytes.substr(0, *length));
      co_return out;
    }
    if (bytes.size() >= kHeaderLimit) {
      out.status = HeaderBlock::too_large;
      co_return out;
    }
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kAwait);
    if (ec) {
      co_return out;
    }
    buffer_.commit(n);
  }
  co_return out;
}

asio::awaitable<void> Connection::linger_and_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  stream_.expires_after(kLingerTime);
  std::size_t discarded = 0;
  while (!closing_ && discarded < kLingerBytes) {
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kAwait);
    if (ec) {
      break;
    }
    discarded += n;
  }
  if (!closing_) {
    stream_.close();
  }
}

void ServerCore::accept_next() {
  std::lock_guard lock(acceptor_mutex);
  if (!acceptor.is_open()) {
    return;
  }
  acceptor.async_accept(asio::make_strand(io),
                        [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                          self->on_accept(ec, std::move(socket));
                        });
}

void ServerCore::on_accept(const beast::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) {
    return;
  }
  if (ec) {
    spdlog::warn("http: accept failed: {}; retrying", ec.message());
    auto timer = std::make_shared<asio::steady_timer>(io, kAcceptRetryDelay);
    timer->async_wait([self = shared_from_this(), timer](const beast::error_code&) {
      self->accept_next();
    });
    return;
  }
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard lock(registry_mutex);
    if (draining.load()) {
      spdlog::debug("http: refusing a connection while draining");
    } else if (registry.size() >= options.max_connections) {
      spdlog::warn("http: {} connections open (max_connections); closing a new one",
                   registry.size());
    } else {
      const auto id = next_id++;
      connection = std::make_shared<Connection>(shared_from_this(), std::move(socket), id);
      registry.emplace(id, connection);
      ++connection_count;
    }
  }
  if (connection) {
    asio::co_spawn(connection->executor(), Connection::run(connection),
                   [](const std::exception_ptr& error) {
                     if (error) {
                       spdlog::error("http: a connection failed: {}", describe(error));
                     }
                   });
  } else {
    beast::error_code ignored;
    socket.close(ignored);
  }
  accept_next();
}

void ServerCore::close_acceptor() {
  std::lock_guard lock(acceptor_mutex);
  if (acceptor.is_open()) {
    beast::error_code ec;
    acceptor.close(ec);
    spdlog::info("http: stopped accepting connections");
  }
}

void ServerCore::unregister(std::uint64_t id) {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(registry_mutex);
    registry.erase(id);
    --connection_count;
    if (draining.load() && registry.empty()) {
      callbacks.swap(drained_callbacks);
    }
  }
  for (auto& callback : callbacks) {
    asio::post(io, std::move(callback));
  }
}

void ServerCore::report(std::string_view pattern, unsigned status, Clock::duration elapsed) {
  std::shared_lock lock(hook_mutex);
  if (!hook) {
    return;
  }
  try {
    hook(pattern, status, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed));
  } catch (const std::exception& e) {
    spdlog::error("http: the response hook threw: {}", e.what());
  } catch (...) {
    spdlog::error("http: the response hook threw");
  }
}

}  // namespace

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;

  // Connections still open, to act on them from outside their strands.
  std::vector<std::shared_ptr<Connection>> open_connections() {
    std::vector<std::shared_ptr<Connection>> result;
    std::lock_guard lock(registry_mutex);
    result.reserve(registry.size());
    for (const auto& [id, weak] : registry) {
      if (auto connection = weak.lock()) {
        result.push_back(std::move(connection));
      }
    }
    return result;
  }
};

Server::Server(boost::asio::io_context& io, std::shared_ptr<const Router> router,
               ServerOptions options) {
  if (!router) {
    throw std::invalid_argument("http server needs a router");
  }
  impl_ = std::make_shared<Impl>(io, std::move(router), std::move(options));
}

Server::~Server() {
  {
    std::unique_lock lock(impl_->hook_mutex);
    impl_->hook = nullptr;
  }
  impl_->close_acceptor();
  for (auto& connection : impl_->open_connections()) {
    auto executor = connection->executor();
    asio::post(executor, [connection = std::move(connection)] { connection->close(); });
  }
}

void Server::on_response(ResponseHook hook) {
  std::unique_lock lock(impl_->hook_mutex);
  impl_->hook = std::move(hook);
}

void Server::start() {
  const auto& host = impl_->options.host;
  const auto port = impl_->options.port;
  const auto where = printable_address(host, port);

  tcp::endpoint endpoint;
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, port);
  } else {
    tcp::resolver resolver(impl_->io);
    auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      throw std::runtime_error("http: cannot resolve the listen address " + where + ": " +
                               (ec ? ec.message() : std::string("no addresses")));
    }
    endpoint = results.begin()->endpoint();
  }

  {
    std::lock_guard lock(impl_->acceptor_mutex);
    if (impl_->started) {
      throw std::logic_error("http: Server::start() called twice");
    }
    auto& acceptor = impl_->acceptor;
    auto fail = [&](const char* step) {
      const auto reason = ec.message();
      beast::error_code ignored;
      acceptor.close(ignored);
      throw std::runtime_error("http: cannot listen on " + where + ": " + step + ": " + reason);
    };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) {
      fail("socket");
    }
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) {
      fail("setsockopt");
    }
    acceptor.bind(endpoint, ec);
    if (ec) {
      fail("bind");
    }
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      fail("listen");
    }
    const auto local = acceptor.local_endpoint(ec);
    if (ec) {
      fail("getsockname");
    }
    impl_->port = local.port();
    impl_->started = true;
  }
  spdlog::info("http: listening on {}", printable_address(endpoint.address().to_string(),
                                                           impl_->port.load()));
  impl_->accept_next();
}

std::uint16_t Server::local_port() const noexcept { return impl_->port.load(); }

void Server::stop_accepting() { impl_->close_acceptor(); }

void Server::drain(std::function<void()> on_drained) {
  stop_accepting();
  std::vector<std::shared_ptr<Connection>> connections;
  {
    std::lock_guard lock(impl_->registry_mutex);
    impl_->draining = true;
    if (impl_->registry.empty()) {
      if (on_drained) {
        asio::post(impl_->io, std::move(on_drained));
      }
      return;
    }
    if (on_drained) {
      impl_->drained_callbacks.push_back(std::move(on_drained));
    }
  }
  spdlog::info("http: draining {} connection(s)", impl_->connection_count.load());
  for (auto& connection : impl_->open_connections()) {
    auto executor = connection->executor();
    asio::post(executor, [connection = std::move(connection)] { connection->close_if_idle(); });
  }
}

std::size_t Server::active_connections() const noexcept { return impl_->connection_count.load(); }

std::size_t Server::in_flight() const noexcept { return impl_->in_flight.load(); }

}  // namespace frontdesk::http
