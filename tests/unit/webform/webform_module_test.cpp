// SPDX-License-Identifier: Apache-2.0
// webform.so as frontdeskd sees it: loaded with dlopen, driven through plugin.h only.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "config.hpp"
#include <frontdesk/testing.hpp>

namespace {

using frontdesk::sdk::testing::Exchange;
using frontdesk::sdk::testing::FakeHost;
using frontdesk::sdk::testing::HttpCall;
using InboundOutcome = frontdesk::sdk::InboundResult;

class WebformModule : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = dlopen(FRONTDESK_WEBFORM_MODULE, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();  // NOLINT(concurrency-mt-unsafe)
    auto entry = reinterpret_cast<fd_plugin_entry>(dlsym(library_, FD_PLUGIN_ENTRY));
    ASSERT_NE(entry, nullptr) << dlerror();  // NOLINT(concurrency-mt-unsafe)
    plugin_ = entry();
    ASSERT_NE(plugin_, nullptr);
  }

  void TearDown() override {
    if (state_ != nullptr) {
      plugin_->stop(state_);
      plugin_->destroy(state_);
    }
    if (library_ != nullptr) {
      dlclose(library_);
    }
  }

  // The config the host would pass: every declared default, with `overrides` applied.
  [[nodiscard]] std::string config_json(const std::string& overrides = "{}") const {
    boost::json::object config;
    for (std::size_t i = 0; i < plugin_->config_key_count; ++i) {
      config[plugin_->config_keys[i].name] =
          boost::json::parse(plugin_->config_keys[i].default_json);
    }
    const boost::json::value parsed = boost::json::parse(overrides);
    for (const auto& [key, value] : parsed.as_object()) {
      config[key] = value;
    }
    return boost::json::serialize(config);
  }

  void create(const std::string& overrides = "{}") {
    const std::string config = config_json(overrides);
    state_ = plugin_->create(host_.api(), host_.handle(), fd_str{config.data(), config.size()},
                             err_.data(), err_.size());
    ASSERT_NE(state_, nullptr) << err_.data();
    ASSERT_EQ(plugin_->start(state_, err_.data(), err_.size()), 0) << err_.data();
  }

  std::unique_ptr<Exchange> post(const std::string& body,
                                     std::vector<std::pair<std::string, std::string>> headers,
                                     const std::string& remote = "203.0.113.7") {
    const auto* route = host_.find_route("POST", "/api/v1/support/tickets");
    EXPECT_NE(route, nullptr);
    HttpCall call;
    call.method = "POST";
    call.path = "/api/v1/support/tickets";
    call.remote_addr = remote;
    call.headers = std::move(headers);
    call.body = body;
    return host_.call(*route, call);
  }

  static std::vector<std::pair<std::string, std::string>> json_headers() {
    return {{"Content-Type", "application/json"}, {"User-Agent", "test-agent/1"}};
  }

  void* library_ = nullptr;
  const fd_plugin* plugin_ = nullptr;
  void* state_ = nullptr;
  FakeHost host_;
  std::array<char, 512> err_{};
};

const std::string kGood =
    R"({"name":"Ada Lovelace","email":"ADA@example.com","subject":"Refund","description":"Charged twice","category":"payment"})";

TEST_F(WebformModule, DescriptorDeclaresTheConfigKeys) {
  EXPECT_EQ(plugin_->abi_version, FD_PLUGIN_ABI_VERSION);
  EXPECT_EQ(plugin_->struct_size, sizeof(fd_plugin));
  EXPECT_STREQ(plugin_->name, "webform");
  EXPECT_STRNE(plugin_->version, "");
  ASSERT_EQ(plugin_->config_key_count, 5U);
  const struct {
    const char* name;
    fd_config_type type;
    const char* default_json;
  } expected[] = {{"rate_limit_per_minute", FD_CONFIG_INT, "10"},
                  {"max_attachment_bytes", FD_CONFIG_INT, "10485760"},
                  {"max_attachments", FD_CONFIG_INT, "10"},
                  {"title", FD_CONFIG_STRING, "\"\""},
                  {"confirmation", FD_CONFIG_BOOL, "true"}};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_STREQ(plugin_->config_keys[i].name, expected[i].name);
    EXPECT_EQ(plugin_->config_keys[i].type, expected[i].type);
    EXPECT_STREQ(plugin_->config_keys[i].default_json, expected[i].default_json);
    EXPECT_STRNE(plugin_->config_keys[i].description, "");
  }
  EXPECT_NE(plugin_->deliver, nullptr);
}

TEST_F(WebformModule, DeclaredDefaultsMatchTheBuiltInOnes) {
  const frontdesk::webform::Config declared = frontdesk::webform::parse_config(config_json());
  const frontdesk::webform::Config built_in;
  EXPECT_EQ(declared.rate_limit_per_minute, built_in.rate_limit_per_minute);
  EXPECT_EQ(declared.max_attachment_bytes, built_in.max_attachment_bytes);
  EXPECT_EQ(declared.max_attachments, built_in.max_attachments);
  EXPECT_EQ(declared.title, built_in.title);
}

TEST_F(WebformModule, RegistersTheFormAndTheAnonymousPostRoute) {
  create();
  ASSERT_EQ(host_.routes.size(), 2U);
  const auto* form = host_.find_route("GET", "/support/new");
  ASSERT_NE(form, nullptr);
  EXPECT_EQ(form->flags, 0U);
  const auto* post_route = host_.find_route("POST", "/api/v1/support/tickets");
  ASSERT_NE(post_route, nullptr);
  EXPECT_EQ(post_route->flags, FD_ROUTE_ANONYMOUS_ONLY);
}

TEST_F(WebformModule, BadConfigFailsCreateWithTheReason) {
  const std::string config = config_json(R"({"rate_limit_per_minute":0})");
  EXPECT_EQ(plugin_->create(host_.api(), host_.handle(), fd_str{config.data(), config.size()},
                            err_.data(), err_.size()),
            nullptr);
  EXPECT_STREQ(err_.data(), "channels.webform.rate_limit_per_minute must be between 1 and 1000000");
}

TEST_F(WebformModule, ServesTheForm) {
  create(R"({"title":"Help <desk>"})");
  const auto* form = host_.find_route("GET", "/support/new");
  ASSERT_NE(form, nullptr);
  HttpCall call;
  call.path = "/support/new";
  auto responder = host_.call(*form, call);
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 200);
  EXPECT_EQ(responder->response->page, "support_new");  // the host renders it
  EXPECT_EQ(boost::json::parse(responder->response->body).at("title"), "Help <desk>");
  EXPECT_FALSE(boost::json::parse(responder->response->body).as_object().contains("has_incident_banner"));
}

TEST_F(WebformModule, TheFormCarriesTheHostsOpenIncidents) {
  host_.open_incidents = R"({"incidents":[{"id":3,"title":"Login fails","impact":"major","href":"/status#incident-3"}]})";
  create();
  HttpCall call;
  call.path = "/support/new";
  auto responder = host_.call(*host_.find_route("GET", "/support/new"), call);
  ASSERT_TRUE(responder->response.has_value());
  const auto data = boost::json::parse(responder->response->body);
  EXPECT_EQ(data.at("incident_banner").at(0).at("title"), "Login fails");
  // A host that predates open_incidents: the form without a banner.
  host_.mutable_api().open_incidents = nullptr;
  auto older = host_.call(*host_.find_route("GET", "/support/new"), call);
  ASSERT_TRUE(older->response.has_value());
  EXPECT_FALSE(boost::json::parse(older->response->body).as_object().contains("has_incident_banner"));
}

TEST_F(WebformModule, CreatedTicketIsAnsweredOnlyAfterTheCommit) {
  create();
  auto responder = post(kGood, json_headers());
  EXPECT_FALSE(responder->response.has_value());
  ASSERT_EQ(host_.submits.size(), 1U);
  const auto& s = host_.submits[0];
  EXPECT_EQ(s.identity_kind, "email");
  EXPECT_EQ(s.identity_value, "ada@example.com");
  EXPECT_EQ(s.customer_name, "Ada Lovelace");
  EXPECT_EQ(s.subject, "Refund");
  EXPECT_EQ(s.body, "Charged twice");
  EXPECT_EQ(s.category, "payment");
  EXPECT_EQ(s.flags, FD_INBOUND_ISSUE_CUSTOMER_TOKEN | FD_INBOUND_NEW_TICKET);
  EXPECT_EQ(s.external_id.size(), 32U);
  EXPECT_EQ(boost::json::parse(s.metadata_json),
            boost::json::parse(R"({"remoteAddr":"203.0.113.7","userAgent":"test-agent/1"})"));

  host_.complete(
      0, InboundOutcome{FD_INGEST_CREATED, 41, 99, "TKT-1700000000-000041", "cust-token", "", ""});
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->calls, 1);
  EXPECT_EQ(responder->response->status, 201);
  EXPECT_EQ(boost::json::parse(responder->response->body),
            boost::json::parse(
                R"({"success":true,"ticket":{"id":41,"ticketNumber":"TKT-1700000000-000041",)"
                R"("status":"open"},"accessToken":"cust-token"})"));
  ASSERT_FALSE(host_.logs.empty());
  EXPECT_EQ(host_.logs.back().second, "web form created ticket TKT-1700000000-000041");
}

TEST_F(WebformModule, SameIdempotencyKeyIsADuplicate) {
  create();
  auto headers = json_headers();
  headers.emplace_back("idempotency-key", "retry-7");
  auto responder = post(kGood, headers);
  ASSERT_EQ(host_.submits.size(), 1U);
  EXPECT_EQ(host_.submits[0].external_id, "retry-7");
  host_.complete(0, InboundOutcome{FD_INGEST_DUPLICATE, 41, 0, "TKT-1700000000-000041", "", "", ""});
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 200);
  EXPECT_EQ(boost::json::parse(responder->response->body),
            boost::json::parse(
                R"({"success":true,"ticket":{"id":41,"ticketNumber":"TKT-1700000000-000041",)"
                R"("status":"open"}})"));
}

TEST_F(WebformModule, RejectedAndFailedIngest) {
  create();
  auto rejected = post(kGood, json_headers());
  auto failed = post(kGood, json_headers());
  ASSERT_EQ(host_.submits.size(), 2U);
  host_.complete(0, InboundOutcome{FD_INGEST_REJECTED, 0, 0, "", "", "body too large", ""});
  host_.complete(1, InboundOutcome{FD_INGEST_FAILED, 0, 0, "", "", "connection refused", ""});
  EXPECT_EQ(rejected->response->status, 400);
  EXPECT_EQ(boost::json::parse(rejected->response->body),
            boost::json::parse(
                R"({"success":false,"error":{"code":"rejected","message":"body too large"}})"));
  EXPECT_EQ(failed->response->status, 503);
  EXPECT_EQ(boost::json::parse(failed->response->body).at("error").at("code"), "unavailable");
}

TEST_F(WebformModule, BrowserPostGetsAnHtmlPage) {
  create();
  const std::string body =
      "name=Ada&email=ada%40example.com&subject=Hi&description=Help+me&website=";
  auto responder = post(body, {{"Content-Type", "application/x-www-form-urlencoded"},
                               {"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  ASSERT_EQ(host_.submits.size(), 1U);
  host_.complete(0, InboundOutcome{FD_INGEST_CREATED, 5, 6, "TKT-1-000005", "tok-123", "", ""});
  EXPECT_EQ(responder->response->status, 201);
  EXPECT_EQ(responder->response->page, "support_answer");  // the host renders the page
  const auto data = boost::json::parse(responder->response->body);
  EXPECT_EQ(data.at("ticketNumber"), "TKT-1-000005");
  EXPECT_EQ(data.at("accessToken"), "tok-123");
}

TEST_F(WebformModule, HoneypotMakesNothing) {
  create();
  auto responder = post(
      R"({"name":"x","email":"x@example.com","subject":"x","description":"x","website":"spam"})",
      json_headers());
  EXPECT_TRUE(host_.submits.empty());
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 202);
  EXPECT_EQ(responder->response->body, R"({"success":true,"message":"Thank you"})");
}

TEST_F(WebformModule, RateLimitPerRemoteAddress) {
  create(R"({"rate_limit_per_minute":2})");
  std::vector<std::unique_ptr<Exchange>> pending;
  pending.push_back(post(kGood, json_headers()));
  pending.push_back(post(kGood, json_headers()));
  auto limited = post(kGood, json_headers());
  ASSERT_TRUE(limited->response.has_value());
  EXPECT_EQ(limited->response->status, 429);
  EXPECT_TRUE(limited->response->header("Retry-After").has_value());
  EXPECT_EQ(boost::json::parse(limited->response->body).at("error").at("code"), "rate_limited");
  pending.push_back(post(kGood, json_headers(), "198.51.100.3"));
  ASSERT_EQ(host_.submits.size(), 3U);
  for (std::size_t i = 0; i < host_.submits.size(); ++i) {
    host_.complete(i, InboundOutcome{FD_INGEST_CREATED, 1, 1, "TKT-1-000001", "t", "", ""});
  }
}

TEST_F(WebformModule, ErrorsAnswerImmediately) {
  create(R"({"max_attachments":1,"max_attachment_bytes":4})");
  auto invalid = post(R"({"name":"Ada"})", json_headers());
  EXPECT_EQ(invalid->response->status, 422);
  EXPECT_EQ(boost::json::parse(invalid->response->body).at("error").at("code"),
            "validation_failed");

  auto media = post("x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(media->response->status, 415);

  auto missing_type = post(kGood, {});
  EXPECT_EQ(missing_type->response->status, 415);

  const std::string big =
      "--b\r\nContent-Disposition: form-data; name=\"f\"; "
      "filename=\"big.bin\"\r\n\r\n12345\r\n--b--\r\n";
  auto too_large = post(big, {{"Content-Type", "multipart/form-data; boundary=b"}});
  EXPECT_EQ(too_large->response->status, 413);
  EXPECT_EQ(boost::json::parse(too_large->response->body).at("error").at("code"),
            "attachment_too_large");

  auto bad_utf8 = post("{\"name\":\"\xFF\"}", json_headers());
  EXPECT_EQ(bad_utf8->response->status, 400);
  EXPECT_EQ(boost::json::parse(bad_utf8->response->body).at("error").at("code"), "invalid_utf8");
  EXPECT_TRUE(host_.submits.empty());
}

TEST_F(WebformModule, StoppedPluginRefusesNewSubmissions) {
  create();
  plugin_->stop(state_);
  auto responder = post(kGood, json_headers());
  EXPECT_TRUE(host_.submits.empty());
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 503);
}

void record(void* user, fd_delivery_status status, fd_str, fd_str error) {
  auto* out = static_cast<std::pair<fd_delivery_status, std::string>*>(user);
  out->first = status;
  out->second = std::string(error.data, error.size);
}

TEST_F(WebformModule, CannotDeliver) {
  create();
  fd_outbound_message message{};
  message.struct_size = sizeof(message);
  std::pair<fd_delivery_status, std::string> outcome{FD_DELIVERY_SENT, ""};
  plugin_->deliver(state_, &message, &record, &outcome);
  EXPECT_EQ(outcome.first, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(outcome.second, "channel cannot send");
}

}  // namespace
