// SPDX-License-Identifier: Apache-2.0
#pragma once
// The HTTP/1.1 server: keep-alive, limits and timeouts, graceful drain. It runs on an
// io_context the caller owns and runs from any number of threads; each connection works on
// its own strand, so a handler is never called concurrently for one connection.
//
// Handlers are called on an io_context thread and must not block: slow work goes elsewhere
// and answers later through the Responder (from any thread), or runs in a coroutine route.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/client_address.hpp"
#include "http/cross_origin.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace frontdesk::http {

class Router;

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address, or a name resolved once at start()
  std::uint16_t port = 8080;       // 0: any free port, see Server::local_port()
  std::size_t body_limit = std::size_t{16} * 1024 * 1024;  // larger bodies get 413
  // From accepting a connection (or the first byte of a later request) until the request's
  // header block is complete; a client slower than this is disconnected.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // From a request's first byte until the handler has answered (body upload included): past
  // it the client gets 503 "timeout" and the connection closes. Writing the response has a
  // fresh allowance of the same length.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
  // Connections accepted beyond this are closed at once.
  std::size_t max_connections = 10000;
  // Peers whose X-Forwarded-For / Forwarded name the real client (http.trusted_proxies);
  // from any other peer those headers are ignored.
  TrustedProxies trusted_proxies;
  // Answers pages on other sites may read (the widget's, config channels.livechat.allowed_origins).
  CrossOrigin cross_origin;
};

class Server {
 public:
  // Metrics hook: the matched route's pattern ("" when no route matched, e.g. 404 or 400),
  // the status sent, and the time from the complete header block to the response written.
  using ResponseHook = std::function<void(std::string_view route_pattern, unsigned status,
                                          std::chrono::nanoseconds elapsed)>;

  Server(boost::asio::io_context& io, std::shared_ptr<const Router> router,
         ServerOptions options = {});
  // Stops accepting and closes every connection (in-flight responses are abandoned; call
  // drain() first for a graceful stop). Connections finish closing on the io_context.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // May be set or replaced at any time. Called on io_context threads; must be thread-safe and
  // should not throw (an exception is logged and swallowed).
  void on_response(ResponseHook hook);

  // Binds and listens. Throws std::runtime_error naming the address when that fails.
  void start();

  // The bound port (useful with port 0); 0 before start().
  [[nodiscard]] std::uint16_t local_port() const noexcept;

  // Closes the listening socket: from its return, new connections are refused.
  void stop_accepting();

  // Graceful stop: stops accepting; closes idle keep-alive connections (and those still
  // waiting for a request's header block) now, and the others once their current response
  // has been written; then calls `on_drained` once, on an io_context thread (also when there
  // are no connections). The io_context must keep running until then.
  void drain(std::function<void()> on_drained);

  // Open connections, and requests whose header block has arrived but whose response has
  // not been written yet.
  [[nodiscard]] std::size_t active_connections() const noexcept;
  [[nodiscard]] std::size_t in_flight() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace frontdesk::http
