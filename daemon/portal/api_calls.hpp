// SPDX-License-Identifier: Apache-2.0
#pragma once
// The REST API's customer operations as the portal calls them: in-process, as the signed-in
// customer, so validation and permissions (a customer sees only their tickets, never an
// internal note) are the API's own.
#include "api/endpoint.hpp"
#include "portal/visit.hpp"

#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::portal {

struct ApiCall {
  std::string_view method;
  std::string_view pattern;  // as registered, e.g. "/api/v1/support/tickets/:id"
  std::vector<std::string> params = {};
  std::string query = {};
  std::string body = {};  // JSON
};

// The operation's answer for the visit's customer (who must be signed in).
api::Answer call_api(Visit& visit, const ApiCall& call);

// The same inside one transaction with `then`, which runs on the reply when the operation
// succeeded and may still refuse (a Problem) or throw: either way nothing is kept. For a
// change the API makes in part (a reply's text) and the portal completes (its files).
api::Answer call_api_then(Visit& visit, const ApiCall& call,
                          const std::function<api::Result<>(const api::Reply&)>& then);

// The reply's member `key`, from its body or the JSON text the database wrote (lists).
[[nodiscard]] boost::json::value member(const api::Reply& reply, std::string_view key);

}  // namespace frontdesk::portal
