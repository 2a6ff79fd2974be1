// SPDX-License-Identifier: Apache-2.0
#include "api/endpoint.hpp"

#include "storage/connection.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace frontdesk::api {

namespace {

// Bodies of API calls are small JSON documents; the server's own limit is for uploads.
constexpr std::size_t kMaxBody = std::size_t{1} << 20;

http::Response error_response(const Problem& p) {
  auto r = http::Response::error(p.status, p.code, p.message);
  if (p.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace

std::optional<std::int64_t> Call::actor_id() const {
  const auto id = principal.role == core::Role::customer ? principal.customer_id
                                                         : principal.agent_id;
  return id > 0 ? std::optional<std::int64_t>(id) : std::nullopt;
}

Answer answer_as(storage::Connection& db, const Principal& principal, const Endpoint& endpoint,
                 const http::Request& request) {
  const auto bit = 1U << static_cast<unsigned>(principal.role);
  if ((endpoint.roles & bit) == 0) {
    return forbidden("a " + std::string(core::to_string(principal.role)) +
                     " token may not use this endpoint");
  }
  if (request.body.size() > kMaxBody) {
    return problem(413, "payload_too_large", "the request body is larger than 1 MiB");
  }
  try {
    Call call{db, principal, request};
    if (!endpoint.writes) return endpoint.run(call);
    // A Problem rolls the transaction back, as any exception does.
    storage::Transaction tx(db);
    auto answer = endpoint.run(call);
    if (answer) tx.commit();
    return answer;
  } catch (const storage::PgError& e) {
    // Constraint violations here mean input the validation let through: still a client error.
    if (e.sqlstate.starts_with("23") || e.sqlstate.starts_with("22")) {
      return problem(422, "validation_failed", e.what());
    }
    throw;
  }
}

http::Response respond(Answer answer) {
  if (!answer) return error_response(answer.error());
  Reply& reply = *answer;
  if (!reply.content_type.empty()) {
    http::Response raw;
    raw.status = reply.status;
    raw.content_type = std::move(reply.content_type);
    raw.body = std::move(reply.raw_body);
    raw.headers = std::move(reply.headers);
    return raw;
  }
  boost::json::object root;
  root.reserve(reply.body.size() + 1);
  root["success"] = true;
  for (auto& field : reply.body) root[field.key()] = std::move(field.value());
  auto response = http::Response::json(reply.status, root);
  for (auto& header : reply.headers) response.headers.push_back(std::move(header));
  if (!reply.json_text.empty()) {
    std::string& out = response.body;
    out.pop_back();  // the root object's '}'
    for (const auto& [key, text] : reply.json_text) {
      out += ',';
      out += boost::json::serialize(boost::json::string(key));
      out += ':';
      out += text;
    }
    out += '}';
  }
  return response;
}

http::Response invoke_as(storage::Connection& db, const Principal& principal,
                         const Endpoint& endpoint, const http::Request& request) {
  return respond(answer_as(db, principal, endpoint, request));
}

http::Response invoke(storage::Connection& db, std::string_view bootstrap_admin_token,
                      const Endpoint& endpoint, const http::Request& request) {
  auto principal = authenticate_request(db, request, bootstrap_admin_token);
  if (!principal) return error_response(principal.error());
  return invoke_as(db, *principal, endpoint, request);
}

const Endpoint& find_endpoint(std::string_view method, std::string_view pattern) {
  for (const auto& e : endpoints()) {
    if (e.method == method && e.pattern == pattern) return e;
  }
  throw std::out_of_range("no API endpoint " + std::string(method) + " " + std::string(pattern));
}

}  // namespace frontdesk::api
