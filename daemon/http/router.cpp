// SPDX-License-Identifier: Apache-2.0
#include "http/router.hpp"

#include <boost/asio/co_spawn.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace frontdesk::http {

namespace {

struct Segment {
  std::string text;  // the literal, or the parameter's name
  bool is_param = false;
};

struct Route {
  std::string pattern;
  std::vector<Segment> segments;
  std::vector<std::string> param_names;
  Router::Handler handler;
  bool anonymous_only = false;
  std::shared_ptr<const WebSocketRoute> websocket;  // set on WebSocket routes only
};

struct MethodRoutes {
  std::string method;
  std::vector<Route> routes;  // in precedence order
};

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. `path` starts with '/'.
template <typename Out>
void split_path(std::string_view path, Out& out) {
  path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) {
      return;
    }
    path.remove_prefix(slash + 1);
  }
}

std::vector<Segment> parse_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("http route pattern must start with '/': \"" +
                                std::string(pattern) + "\"");
  }
  std::vector<std::string_view> parts;
  split_path(pattern, parts);
  std::vector<Segment> segments;
  segments.reserve(parts.size());
  for (auto part : parts) {
    if (!part.empty() && part.front() == ':') {
      if (part.size() == 1) {
        throw std::invalid_argument("http route pattern has a ':' segment without a name: \"" +
                                    std::string(pattern) + "\"");
      }
      segments.push_back(Segment{std::string(part.substr(1)), true});
    } else {
      segments.push_back(Segment{std::string(part), false});
    }
  }
  return segments;
}

// Strict weak order giving precedence: fewer segments first (shapes of different lengths never
// compete), then a literal before a parameter at the first differing position, then
// anonymous-only before the normal route of the same shape.
bool precedes(const Route& a, const Route& b) {
  if (a.segments.size() != b.segments.size()) {
    return a.segments.size() < b.segments.size();
  }
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) {
      return !a.segments[i].is_param;
    }
  }
  return a.anonymous_only && !b.anonymous_only;
}

bool same_shape(const Route& a, const Route& b) {
  if (a.segments.size() != b.segments.size() || a.anonymous_only != b.anonymous_only) {
    return false;
  }
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    const auto& x = a.segments[i];
    const auto& y = b.segments[i];
    if (x.is_param != y.is_param || (!x.is_param && x.text != y.text)) {
      return false;
    }
  }
  return true;
}

bool matches(const Route& route, const std::vector<std::string_view>& parts,
             bool has_authorization) {
  if (route.anonymous_only && has_authorization) {
    return false;
  }
  if (route.segments.size() != parts.size()) {
    return false;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& segment = route.segments[i];
    if (segment.is_param ? parts[i].empty() : segment.text != parts[i]) {
      return false;
    }
  }
  return true;
}

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(std::move(error));
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

Response internal_error() {
  return Response::error(500, "internal_error", "Internal server error.");
}

}  // namespace

namespace {

// The answer to an exception a handler let escape.
Response error_answer(const Router::ErrorAnswer& answer, std::exception_ptr error, std::string_view route) {
  if (answer) {
    if (auto mapped = answer(error)) return std::move(*mapped);
  }
  spdlog::error("http: handler for {} threw: {}", route, describe(std::move(error)));
  return internal_error();
}

}  // namespace

struct Router::Impl {
  // Shared with every route's handler, which may outlive a moved-from router.
  std::shared_ptr<ErrorAnswer> errors = std::make_shared<ErrorAnswer>();
  std::vector<MethodRoutes> methods;
  std::vector<Route> websockets;  // in precedence order

  const MethodRoutes* routes_for(std::string_view method) const {
    for (const auto& entry : methods) {
      if (entry.method == method) {
        return &entry;
      }
    }
    return nullptr;
  }

  const Route* first_match(std::string_view method, const std::vector<std::string_view>& parts,
                           bool has_authorization) const {
    const auto* entry = routes_for(method);
    if (entry == nullptr) {
      return nullptr;
    }
    for (const auto& route : entry->routes) {
      if (matches(route, parts, has_authorization)) {
        return &route;
      }
    }
    return nullptr;
  }
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

bool Router::add(std::string_view method, std::string_view pattern, Handler handler,
                 unsigned flags) {
  if (method.empty() || method.find_first_of(" \t\r\n") != std::string_view::npos) {
    throw std::invalid_argument("http route method is not a token: \"" + std::string(method) +
                                "\"");
  }
  if (!handler) {
    throw std::invalid_argument("http route has no handler: " + std::string(method) + " " +
                                std::string(pattern));
  }
  Route route;
  route.pattern = std::string(pattern);
  route.segments = parse_pattern(pattern);
  for (const auto& segment : route.segments) {
    if (segment.is_param) {
      route.param_names.push_back(segment.text);
    }
  }
  route.handler = std::move(handler);
  route.anonymous_only = (flags & kAnonymousOnly) != 0;

  auto entry = std::find_if(impl_->methods.begin(), impl_->methods.end(),
                            [&](const MethodRoutes& m) { return m.method == method; });
  if (entry == impl_->methods.end()) {
    impl_->methods.push_back(MethodRoutes{std::string(method), {}});
    entry = std::prev(impl_->methods.end());
  }
  auto& routes = entry->routes;
  for (const auto& existing : routes) {
    if (same_shape(existing, route)) {
      spdlog::error("http: route {} {} clashes with {} {}", method, pattern, method,
                    existing.pattern);
      return false;
    }
  }
  auto position = std::upper_bound(routes.begin(), routes.end(), route, precedes);
  routes.insert(position, std::move(route));
  return true;
}

bool Router::add_coro(std::string_view method, std::string_view pattern, CoroHandler handler,
                      unsigned flags) {
  if (!handler) {
    throw std::invalid_argument("http route has no handler: " + std::string(method) + " " +
                                std::string(pattern));
  }
  auto coroutine = std::make_shared<CoroHandler>(std::move(handler));
  auto label = std::make_shared<const std::string>(std::string(method) + " " +
                                                   std::string(pattern));
  return add(
      method, pattern,
      [coroutine, label, errors = impl_->errors](Request request, Responder responder) {
        auto executor = responder.executor();
        boost::asio::co_spawn(
            executor, (*coroutine)(std::move(request)),
            [responder, label, errors](std::exception_ptr error, Response response) {
              if (error) {
                responder.send(error_answer(*errors, std::move(error), *label));
                return;
              }
              responder.send(std::move(response));
            });
      },
      flags);
}

bool Router::add_websocket(std::string_view pattern, WebSocketRoute route) {
  if (!route.open) {
    throw std::invalid_argument("WebSocket route has no open function: " + std::string(pattern));
  }
  Route entry;
  entry.pattern = std::string(pattern);
  entry.segments = parse_pattern(pattern);
  for (const auto& segment : entry.segments) {
    if (segment.is_param) {
      entry.param_names.push_back(segment.text);
    }
  }
  entry.websocket = std::make_shared<const WebSocketRoute>(std::move(route));
  auto& routes = impl_->websockets;
  for (const auto& existing : routes) {
    if (same_shape(existing, entry)) {
      spdlog::error("http: WebSocket route {} clashes with {}", pattern, existing.pattern);
      return false;
    }
  }
  routes.insert(std::upper_bound(routes.begin(), routes.end(), entry, precedes), std::move(entry));
  return true;
}

const WebSocketRoute* Router::find_websocket(Request& request) const {
  if (impl_->websockets.empty() || request.path.empty() || request.path.front() != '/') {
    return nullptr;
  }
  std::vector<std::string_view> parts;
  split_path(request.path, parts);
  for (const auto& route : impl_->websockets) {
    if (!matches(route, parts, false)) {
      continue;
    }
    std::vector<std::string> params;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!route.segments[i].is_param) {
        continue;
      }
      auto decoded = percent_decode(parts[i]);
      if (!decoded) {
        return nullptr;
      }
      params.push_back(std::move(*decoded));
    }
    request.route_pattern = route.pattern;
    request.params = std::move(params);
    request.param_names = route.param_names;
    return route.websocket.get();
  }
  return nullptr;
}

Router::Lookup Router::find(std::string_view method, std::string_view path,
                            bool has_authorization) const {
  Lookup result;
  if (path.empty() || path.front() != '/') {
    return result;
  }
  std::vector<std::string_view> parts;
  split_path(path, parts);

  const Route* route = impl_->first_match(method, parts, has_authorization);
  if (route == nullptr && method == "HEAD") {
    route = impl_->first_match("GET", parts, has_authorization);
  }
  if (route != nullptr) {
    result.match.params.reserve(route->param_names.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!route->segments[i].is_param) {
        continue;
      }
      auto decoded = percent_decode(parts[i]);
      if (!decoded) {
        result.outcome = Outcome::kBadPath;
        result.match.params.clear();
        return result;
      }
      result.match.params.push_back(std::move(*decoded));
    }
    result.outcome = Outcome::kMatched;
    result.match.handler = &route->handler;
    result.match.pattern = route->pattern;
    result.match.param_names = route->param_names;
    return result;
  }

  std::vector<std::string_view> allowed;
  for (const auto& entry : impl_->methods) {
    const bool any = std::any_of(entry.routes.begin(), entry.routes.end(), [&](const Route& r) {
      return matches(r, parts, has_authorization);
    });
    if (any) {
      allowed.push_back(entry.method);
      if (entry.method == "GET") {
        allowed.push_back("HEAD");
      }
    }
  }
  if (allowed.empty()) {
    return result;
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  for (auto name : allowed) {
    if (!result.allow.empty()) {
      result.allow += ", ";
    }
    result.allow += name;
  }
  result.outcome = Outcome::kMethodNotAllowed;
  return result;
}

std::string_view Router::dispatch(Request request, const Responder& responder) const {
  const bool has_authorization = request.header("Authorization").has_value();
  auto lookup = find(request.method, request.path, has_authorization);
  if (lookup.outcome == Outcome::kNotFound && !impl_->websockets.empty()) {
    // A WebSocket route's path asked without an upgrade.
    Request probe;
    probe.path = request.path;
    if (find_websocket(probe) != nullptr) {
      auto response = Response::error(426, "upgrade_required",
                                      "This resource speaks WebSocket only.");
      response.headers.emplace_back("Upgrade", "websocket");
      responder.send(std::move(response));
      return {};
    }
  }
  switch (lookup.outcome) {
    case Outcome::kNotFound:
      responder.send(Response::error(404, "not_found", "No such resource."));
      return {};
    case Outcome::kBadPath:
      responder.send(Response::error(400, "bad_request", "Malformed percent-escape in the path."));
      return {};
    case Outcome::kMethodNotAllowed: {
      auto response = Response::error(405, "method_not_allowed",
                                      "This resource does not support that method.");
      response.headers.emplace_back("Allow", std::move(lookup.allow));
      responder.send(std::move(response));
      return {};
    }
    case Outcome::kMatched:
      break;
  }
  const auto pattern = lookup.match.pattern;
  std::string method = request.method;
  request.route_pattern = std::string(pattern);
  request.params = std::move(lookup.match.params);
  request.param_names.assign(lookup.match.param_names.begin(), lookup.match.param_names.end());
  try {
    (*lookup.match.handler)(std::move(request), responder);
  } catch (...) {
    responder.send(error_answer(*impl_->errors, std::current_exception(), method + " " + std::string(pattern)));
  }
  return pattern;
}

void Router::set_error_answer(ErrorAnswer answer) { *impl_->errors = std::move(answer); }

std::size_t Router::size() const noexcept {
  std::size_t count = impl_->websockets.size();
  for (const auto& entry : impl_->methods) {
    count += entry.routes.size();
  }
  return count;
}

}  // namespace frontdesk::http
