// SPDX-License-Identifier: Apache-2.0
#pragma once
// One API operation: who may call it and the function that does it. Every operation runs
// on a database thread with its own connection; writes run in one transaction, so a
// failure anywhere changes nothing. The HTTP routes and the frontdesk CLI both go through
// invoke(), so they share validation, permissions and audit events.
#include "api/auth.hpp"
#include "api/problem.hpp"

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::api {

enum RoleMask : unsigned { kCustomer = 1, kAgent = 2, kAdmin = 4, kStaff = 6, kAnyone = 7 };

struct Call {
  storage::Connection& db;
  const Principal& principal;
  const http::Request& request;

  [[nodiscard]] bool staff() const { return principal.role != core::Role::customer; }
  [[nodiscard]] bool admin() const { return principal.role == core::Role::admin; }
  // The audit actor: "customer", "agent" or "admin", and its id (null for the bootstrap admin).
  [[nodiscard]] std::string_view actor_kind() const { return core::to_string(principal.role); }
  [[nodiscard]] std::optional<std::int64_t> actor_id() const;
  [[nodiscard]] const std::string& param(std::size_t i) const { return request.params.at(i); }
};

struct Reply {
  unsigned status = 200;
  boost::json::object body;  // "success": true is added in front
  // Members whose values are JSON text the database built (lists of tickets), written after
  // `body` as they are: parsing them only to serialize them again costs more than the query.
  std::vector<std::pair<std::string, std::string>> json_text;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie
  // An answer that is not JSON (a CSV export): sent as it is, with this type, instead of body.
  std::string content_type;
  std::string raw_body;
};

// An endpoint's answer: its Reply, or the Problem that ends the call (4xx).
using Answer = Result<Reply>;

// 201 with the one member that names what was created, e.g. created("ticket", json).
inline Reply created(std::string_view key, boost::json::value value) {
  Reply r;
  r.status = 201;
  r.body[key] = std::move(value);
  return r;
}

struct Endpoint {
  std::string_view method;
  std::string_view pattern;
  unsigned roles;
  bool writes;  // runs in a transaction
  Answer (*run)(Call& call);
};

// The API's operations, as registered on the router (literal paths before ":id" ones).
std::span<const Endpoint> endpoints();

// Authenticates the request (authenticate_request: a bearer token or a session cookie) and
// runs the endpoint: 401 without valid credentials, 403 for a role not allowed or a missing
// CSRF token, the endpoint's Problem otherwise.
http::Response invoke(storage::Connection& db, std::string_view bootstrap_admin_token,
                      const Endpoint& endpoint, const http::Request& request);

// Runs the endpoint as `principal`: its Reply, or the Problem (403 for a role not allowed, 413,
// 422 for a constraint the database refused). Server-rendered pages call the API this way.
Answer answer_as(storage::Connection& db, const Principal& principal, const Endpoint& endpoint,
                 const http::Request& request);

// The HTTP response of an answer: {"success":true, …} with the reply's status and headers, or
// the problem's error document.
http::Response respond(Answer answer);

// Runs the endpoint as `principal` (the CLI acts as the bootstrap admin), as an HTTP response.
http::Response invoke_as(storage::Connection& db, const Principal& principal,
                         const Endpoint& endpoint, const http::Request& request);

// The endpoint registered for method and pattern; throws std::out_of_range if none.
const Endpoint& find_endpoint(std::string_view method, std::string_view pattern);

}  // namespace frontdesk::api
