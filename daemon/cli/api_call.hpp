// SPDX-License-Identifier: Apache-2.0
#pragma once
// CLI verbs run the same API operations as the REST routes (validation, permissions, audit
// events), in-process, as the bootstrap admin.
#include "api/endpoint.hpp"
#include "cli/context.hpp"

#include <boost/json/value.hpp>

#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace frontdesk::cli {

struct ApiCall {
  std::string method;
  std::string pattern;                 // as registered, e.g. "/api/v1/support/agents/:id"
  std::vector<std::string> params;     // values of the ":name" segments
  std::vector<std::pair<std::string, std::string>> query;
  boost::json::object body;
};

// Runs the call, the operation of `among` (the API's, or a feature's own) with its method and
// pattern. With --json prints the answer as is; otherwise calls `print` with it.
// An error answer is printed to stderr as "frontdesk: <message>" and gives exit code 1.
int run_api(Context& ctx, const ApiCall& call, const std::function<void(const boost::json::object&)>& print,
            std::span<const api::Endpoint> among = api::endpoints());

// Left-aligned columns, for the human tables.
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

// A JSON value as table text: strings bare, null as "-".
std::string cell(const boost::json::value& v);

}  // namespace frontdesk::cli
