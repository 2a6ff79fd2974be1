// SPDX-License-Identifier: Apache-2.0
// The OpenAPI document lists exactly the API's operations, with the roles they enforce.
#include "api/endpoint.hpp"
#include "api/openapi.hpp"
#include "canned/routes.hpp"
#include "kb/routes.hpp"
#include "notifications/routes.hpp"
#include "status/routes.hpp"
#include "webhooks/webhook_api.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace frontdesk::api {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, DocumentsEveryEndpointWithItsRoles) {
  const auto doc = boost::json::parse(openapi_document()).as_object();
  const auto& paths = doc.at("paths").as_object();
  std::set<std::string> documented;
  for (const auto& [path, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      documented.insert(std::string(method) + " " + std::string(path));
    }
  }
  std::set<std::string> served;
  std::vector<Endpoint> all(endpoints().begin(), endpoints().end());
  all.insert(all.end(), webhooks::endpoints().begin(), webhooks::endpoints().end());
  all.insert(all.end(), canned::canned_endpoints().begin(), canned::canned_endpoints().end());
  all.insert(all.end(), kb::kb_endpoints().begin(), kb::kb_endpoints().end());
  all.insert(all.end(), status::status_endpoints().begin(), status::status_endpoints().end());
  all.insert(all.end(), notifications::notification_endpoints().begin(),
             notifications::notification_endpoints().end());
  for (const auto& e : all) {
    const auto path = std::regex_replace(std::string(e.pattern), std::regex(":([a-z]+)"), "{$1}");
    const bool is_public = e.roles == kAnyone && e.pattern.starts_with("/api/v1/support/kb/");
    const auto key = lower(e.method) + " " + path;
    served.insert(key);
    ASSERT_TRUE(paths.contains(path)) << key;
    const auto& op = paths.at(path).as_object().at(lower(e.method)).as_object();
    unsigned roles = 0;
    for (const auto& r : op.at("x-roles").as_array()) {
      roles |= r == "customer" ? kCustomer : r == "agent" ? kAgent : kAdmin;
    }
    EXPECT_EQ(roles, e.roles) << key;
    EXPECT_TRUE(op.at("responses").as_object().contains("401")) << key;
    // The knowledge base's public operations take no token: an empty security requirement.
    const auto& security = op.at("security").as_array();
    EXPECT_EQ(security.size() == 2 && security[0].as_object().empty(), is_public) << key;
    // Deletes, running a macro and restoring a revision take no body; every other write
    // documents its body.
    if (e.writes && e.method != "DELETE" && !path.ends_with("/macros/{name}") && !path.ends_with("/restore")) {
      EXPECT_TRUE(op.contains("requestBody")) << key;
    }
  }
  EXPECT_EQ(documented, served);
}

}  // namespace
}  // namespace frontdesk::api
