// SPDX-License-Identifier: Apache-2.0
#pragma once
// Maps (method, path) to a handler by path segments. Patterns are literal segments and
// ":name" segments ("/api/v1/support/tickets/:id/messages"); no regex runs per request.
//
// Precedence: at the first segment where two candidate routes differ, a literal beats a
// ":param" ("/tickets/bulk" before "/tickets/:id"). For one shape, a route flagged
// kAnonymousOnly is tried first but only when the request has no Authorization header, so a
// plugin's anonymous "POST /tickets" and the core's authenticated one can share the path.
// A HEAD request without a HEAD route uses the GET route (the server sends no body).
//
// Routes are added while the daemon starts, before the server runs; lookups are then
// read-only and safe from any number of threads.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/response.hpp"
#include "http/websocket.hpp"

namespace frontdesk::http {

class Router {
 public:
  using Handler = std::function<void(Request, Responder)>;
  using CoroHandler = std::function<boost::asio::awaitable<Response>(Request)>;
  // The answer to an exception that escaped a handler, when it calls for one of its own
  // (the database being down: 503); nullopt leaves it a logged 500.
  using ErrorAnswer = std::function<std::optional<Response>(std::exception_ptr)>;

  // Same value as FD_ROUTE_ANONYMOUS_ONLY in include/frontdesk/plugin.h.
  static constexpr unsigned kAnonymousOnly = 1;

  struct Match {
    const Handler* handler = nullptr;
    std::vector<std::string> params;  // percent-decoded values of the ":name" segments
    std::string_view pattern;         // the route's pattern, a low-cardinality metrics label
    std::span<const std::string> param_names;
  };

  enum class Outcome {
    kMatched,
    kNotFound,          // no route has this path
    kMethodNotAllowed,  // routes have this path, none with this method; see `allow`
    kBadPath,           // a ":name" segment has a malformed percent-escape
  };

  struct Lookup {
    Outcome outcome = Outcome::kNotFound;
    Match match;        // set when kMatched
    std::string allow;  // for kMethodNotAllowed: "GET, HEAD, POST"
  };

  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers a route. False when a route with the same method, the same shape (the same
  // literals, ":param" in the same places, whatever their names) and the same
  // kAnonymousOnly flag exists. Throws std::invalid_argument for a malformed pattern or
  // method (the pattern must start with '/'; a ":" segment needs a name).
  bool add(std::string_view method, std::string_view pattern, Handler handler,
           unsigned flags = 0);

  // A coroutine route: the coroutine runs on the connection's strand and its result is
  // sent. An exception escaping it becomes a 500 JSON error (logged; its text not sent)
  // unless the ErrorAnswer gives another.
  bool add_coro(std::string_view method, std::string_view pattern, CoroHandler handler,
                unsigned flags = 0);

  // A WebSocket route: an upgrade request (GET with "Upgrade: websocket") to `pattern` is
  // handed to `route.open`; any other request to it answers 426 (unless a normal route of
  // the same shape takes it). False when a WebSocket route of the same shape exists.
  bool add_websocket(std::string_view pattern, WebSocketRoute route);

  // The WebSocket route for `request.path`, filling the request's route_pattern, params and
  // param_names; nullptr when none matches (or a ":name" segment is malformed).
  [[nodiscard]] const WebSocketRoute* find_websocket(Request& request) const;

  [[nodiscard]] Lookup find(std::string_view method, std::string_view path,
                            bool has_authorization) const;

  // Routes the request: fills its route_pattern, params and param_names and calls the
  // handler, or answers 404 not_found / 405 method_not_allowed (with Allow) / 400
  // bad_request itself. A handler that throws gets a 500 JSON error sent for it. Returns
  // the matched pattern ("" when none matched), which lives as long as the router.
  std::string_view dispatch(Request request, const Responder& responder) const;

  [[nodiscard]] std::size_t size() const noexcept;

  // How handlers' exceptions are answered, for every route, added before or after. Set before
  // serving.
  void set_error_answer(ErrorAnswer answer);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontdesk::http
