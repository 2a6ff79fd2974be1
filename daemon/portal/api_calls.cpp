// SPDX-License-Identifier: Apache-2.0
#include "portal/api_calls.hpp"

#include "storage/connection.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::portal {

namespace {

http::Request request_for(const Visit& visit, const ApiCall& call) {
  http::Request request;
  request.method = std::string(call.method);
  request.path = std::string(call.pattern);
  request.route_pattern = std::string(call.pattern);
  request.params = call.params;
  request.query = call.query;
  request.body = call.body;
  request.remote_addr = visit.request.remote_addr;
  request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

}  // namespace

api::Answer call_api(Visit& visit, const ApiCall& call) {
  return api::answer_as(visit.db, *visit.customer, api::find_endpoint(call.method, call.pattern),
                        request_for(visit, call));
}

api::Answer call_api_then(Visit& visit, const ApiCall& call,
                          const std::function<api::Result<>(const api::Reply&)>& then) {
  const auto& endpoint = api::find_endpoint(call.method, call.pattern);
  storage::Transaction tx(visit.db);
  // answer_as's checks and refusals, inside this transaction rather than one of its own.
  const api::Endpoint inside{endpoint.method, endpoint.pattern, endpoint.roles, false, endpoint.run};
  auto answer = api::answer_as(visit.db, *visit.customer, inside, request_for(visit, call));
  if (!answer) return answer;
  if (auto done = then(*answer); !done) return core::Unexpected(std::move(done).error());
  tx.commit();
  return answer;
}

boost::json::value member(const api::Reply& reply, std::string_view key) {
  if (const auto* value = reply.body.if_contains(key)) return *value;
  for (const auto& [name, text] : reply.json_text) {
    if (name == key) return boost::json::parse(text);
  }
  return nullptr;
}

}  // namespace frontdesk::portal
