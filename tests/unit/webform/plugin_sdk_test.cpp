// SPDX-License-Identifier: Apache-2.0
// include/frontdesk/plugin.hpp through the C ABI, with a fake host: the shims, the
// trampolines, and that no exception ever crosses the boundary.
#include <gtest/gtest.h>
#include <frontdesk/plugin.hpp>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include <frontdesk/testing.hpp>

namespace {

using frontdesk::sdk::DeliverDone;
using frontdesk::sdk::Host;
using frontdesk::sdk::InboundMessage;
using frontdesk::sdk::InboundResult;
using frontdesk::sdk::OutboundMessage;
using frontdesk::sdk::Request;
using frontdesk::sdk::Responder;
using frontdesk::sdk::Response;
using frontdesk::sdk::testing::Exchange;
using frontdesk::sdk::testing::FakeHost;
using frontdesk::sdk::testing::HttpCall;
using InboundOutcome = frontdesk::sdk::InboundResult;

// Whatever the last test plugin saw, for the assertions.
struct Observed {
  std::string config;
  std::string deliver_subject;
  InboundResult result;
  int results = 0;
  std::optional<Responder> parked;  // a responder kept for a later answer
};
Observed observed;

// One plugin class exercising the SDK; its behaviour is chosen by the config text.
class ProbePlugin final : public frontdesk::sdk::Plugin {
 public:
  ProbePlugin(Host& host, std::string_view config) : host_(host), mode_(config) {
    observed = Observed{};
    observed.config = std::string(config);
    if (mode_ == "throw") {
      throw std::runtime_error("bad config: throw");
    }
    if (mode_ == "throw-int") {
      throw 42;
    }
    host_.route("GET", "/probe/:word/:n", 0, [this](const Request& request, const Responder& out) {
      const std::string word(request.param(0));
      if (word == "throw") {
        throw std::logic_error("handler exploded");
      }
      if (word == "silent") {
        return;  // never answers: the SDK must
      }
      if (word == "park") {
        observed.parked = out;
        return;
      }
      if (word == "submit") {
        InboundMessage message;
        message.external_id = "ext-1";
        message.identity_kind = "email";
        message.identity_value = "a@example.com";
        message.customer_name = "Ada";
        message.customer_language = "en";
        message.ticket_ref = "TKT-1-000001";
        message.thread_keys = {"<k1@x>", "<k2@x>"};
        message.own_thread_key = "<own@x>";
        message.subject = "Subject";
        message.body = std::string("bo\0dy", 5);
        message.category = "billing";
        message.priority = "high";
        message.attachments.push_back({"a.txt", "text/plain", "hello", ""});
        message.attachments.push_back(
            {"logo.png", "image/png", std::string("\x89PNG\0", 5), "logo@x"});
        message.metadata_json = R"({"k":1})";
        message.flags = FD_INBOUND_ISSUE_CUSTOMER_TOKEN;
        const bool throw_in_callback = request.query() == "throw";
        host_.submit(message, [out, throw_in_callback](const InboundResult& result) {
          observed.result = result;
          ++observed.results;
          if (throw_in_callback) {
            throw std::runtime_error("callback exploded");
          }
          out.send(Response::json(201, R"({"ok":true})"));
        });
        return;
      }
      std::string echo = std::string(request.method()) + " " + std::string(request.path()) + "?" +
                         std::string(request.query()) + " from " +
                         std::string(request.remote_addr()) +
                         " n=" + std::string(request.param(1)) +
                         " params=" + std::to_string(request.params().size()) +
                         " ua=" + std::string(request.header("user-AGENT").value_or("none")) +
                         " missing=" + std::string(request.header("X-Missing").value_or("none")) +
                         " body=" + std::string(request.body());
      const bool first = out.send(Response::text(200, echo).with_header("X-Probe", "yes"));
      const bool second = out.send(Response::text(500, "again"));
      host_.log(FD_LOG_DEBUG, std::string(first ? "first sent" : "first refused") +
                                  (second ? ", second sent" : ", second refused"));
    });
    if (mode_ == "clash") {
      host_.route("GET", "/clash", 0, [](const Request&, const Responder&) {});
    }
  }

  void start() override {
    if (mode_ == "start-throws") {
      throw std::runtime_error("cannot listen");
    }
  }

  void stop() override {
    if (mode_ == "stop-throws") {
      throw std::runtime_error("stop failed badly");
    }
  }

  void deliver(const OutboundMessage& message, DeliverDone done) override {
    observed.deliver_subject = std::string(message.subject());
    if (mode_ == "deliver-default") {
      Plugin::deliver(message, std::move(done));
    } else if (mode_ == "deliver-throws") {
      throw std::runtime_error("provider down");
    } else if (mode_ == "deliver-drops") {
      // forgets `done`
    } else if (mode_ == "deliver-twice") {
      done(FD_DELIVERY_SENT, "id-1", "");
      done(FD_DELIVERY_PERMANENT, "id-2", "late");
    } else {
      done(FD_DELIVERY_SENT, "provider-" + std::to_string(message.outbox_id()), "");
    }
  }

  [[nodiscard]] Host& host() { return host_; }

 private:
  Host& host_;
  std::string mode_;
};

const fd_config_key kProbeKeys[] = {
    {"mode", FD_CONFIG_STRING, "\"normal\"", "How the probe behaves"},
    {"count", FD_CONFIG_INT, "3", "A number"},
};

}  // namespace

FRONTDESK_PLUGIN(ProbePlugin, "probe", "9.8.7", kProbeKeys)

namespace {

struct Delivery {
  int calls = 0;
  fd_delivery_status status = FD_DELIVERY_SENT;
  std::string provider_id;
  std::string error;
};

void record_delivery(void* user, fd_delivery_status status, fd_str provider_id, fd_str error) {
  auto* d = static_cast<Delivery*>(user);
  ++d->calls;
  d->status = status;
  d->provider_id = std::string(frontdesk::sdk::view(provider_id));
  d->error = std::string(frontdesk::sdk::view(error));
}

class PluginSdkTest : public ::testing::Test {
 protected:
  void* create(const std::string& config) {
    err_.fill('\0');
    return plugin_->create(host_.api(), host_.handle(), fd_str{config.data(), config.size()},
                           err_.data(), err_.size());
  }

  Delivery deliver(void* state, const std::string& subject) {
    fd_outbound_message message{};
    message.struct_size = sizeof(message);
    message.outbox_id = 77;
    message.subject = fd_str{subject.data(), subject.size()};
    message.attempt = 1;
    Delivery delivery;
    plugin_->deliver(state, &message, &record_delivery, &delivery);
    return delivery;
  }

  const fd_plugin* plugin_ = frontdesk_plugin();
  FakeHost host_;
  std::array<char, 256> err_{};
};

TEST_F(PluginSdkTest, DescriptorCarriesVersionSizeNameAndKeys) {
  ASSERT_NE(plugin_, nullptr);
  EXPECT_EQ(plugin_, frontdesk_plugin());
  EXPECT_EQ(plugin_->abi_version, FD_PLUGIN_ABI_VERSION);
  EXPECT_EQ(plugin_->struct_size, sizeof(fd_plugin));
  EXPECT_STREQ(plugin_->name, "probe");
  EXPECT_STREQ(plugin_->version, "9.8.7");
  ASSERT_EQ(plugin_->config_key_count, 2U);
  EXPECT_STREQ(plugin_->config_keys[1].name, "count");
  EXPECT_NE(plugin_->create, nullptr);
  EXPECT_NE(plugin_->start, nullptr);
  EXPECT_NE(plugin_->stop, nullptr);
  EXPECT_NE(plugin_->destroy, nullptr);
  EXPECT_NE(plugin_->deliver, nullptr);
}

TEST_F(PluginSdkTest, CreatePassesConfigAndRegistersRoutes) {
  void* state = create(R"({"mode":"normal"})");
  ASSERT_NE(state, nullptr) << err_.data();
  EXPECT_EQ(observed.config, R"({"mode":"normal"})");
  ASSERT_EQ(host_.routes.size(), 1U);
  EXPECT_EQ(host_.routes[0].method, "GET");
  EXPECT_EQ(host_.routes[0].pattern, "/probe/:word/:n");
  EXPECT_EQ(plugin_->start(state, err_.data(), err_.size()), 0);
  plugin_->stop(state);
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, ConstructorExceptionsBecomeCreateErrors) {
  EXPECT_EQ(create("throw"), nullptr);
  EXPECT_STREQ(err_.data(), "bad config: throw");
  EXPECT_EQ(create("throw-int"), nullptr);
  EXPECT_STREQ(err_.data(), "unknown error");
}

TEST_F(PluginSdkTest, ErrorTextIsTruncatedAndTerminated) {
  std::array<char, 8> small{};
  small.fill('x');
  const std::string config = "throw";
  EXPECT_EQ(plugin_->create(host_.api(), host_.handle(), fd_str{config.data(), config.size()},
                            small.data(), small.size()),
            nullptr);
  EXPECT_STREQ(small.data(), "bad con");
  // A null buffer is tolerated.
  EXPECT_EQ(plugin_->create(host_.api(), host_.handle(), fd_str{config.data(), config.size()},
                            nullptr, 0),
            nullptr);
}

TEST_F(PluginSdkTest, RouteClashFailsCreate) {
  EXPECT_EQ(create("clash"), nullptr);
  EXPECT_STREQ(err_.data(), "route GET /clash clashes with a route already registered");
}

TEST_F(PluginSdkTest, HostApiTooOldFailsCreate) {
  host_.mutable_api().struct_size = 8;
  EXPECT_EQ(create("normal"), nullptr);
  EXPECT_STREQ(err_.data(), "the host API is older than this plugin's SDK");
}

TEST_F(PluginSdkTest, RequestViewAndResponderSendOnce) {
  void* state = create("normal");
  ASSERT_NE(state, nullptr);
  HttpCall call;
  call.method = "GET";
  call.path = "/probe/hello/42";
  call.query = "a=1";
  call.headers = {{"User-Agent", "curl/8"}, {"Accept", "*/*"}};
  call.body = "payload";
  call.params = {"hello", "42"};
  auto responder = host_.call(host_.routes[0], call);
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->calls, 1);
  EXPECT_EQ(responder->response->status, 200);
  EXPECT_EQ(responder->response->content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(
      responder->response->body,
      "GET /probe/hello/42?a=1 from 203.0.113.7 n=42 params=2 ua=curl/8 missing=none body=payload");
  EXPECT_EQ(responder->response->header("X-Probe"), "yes");
  ASSERT_FALSE(host_.logs.empty());
  EXPECT_EQ(host_.logs.back().second, "first sent, second refused");
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, ThrowingHandlerAnswers500AndLogs) {
  void* state = create("normal");
  HttpCall call;
  call.params = {"throw", "1"};
  auto responder = host_.call(host_.routes[0], call);
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->calls, 1);
  EXPECT_EQ(responder->response->status, 500);
  EXPECT_EQ(responder->response->body,
            R"({"success":false,"error":{"code":"internal_error","message":"internal error"}})");
  ASSERT_FALSE(host_.logs.empty());
  EXPECT_EQ(host_.logs.back().first, FD_LOG_ERROR);
  EXPECT_EQ(host_.logs.back().second, "route handler failed: handler exploded");
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, UnansweredRequestGets500WhenLastResponderCopyDies) {
  void* state = create("normal");
  HttpCall call;
  call.params = {"silent", "1"};
  auto responder = host_.call(host_.routes[0], call);
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->calls, 1);
  EXPECT_EQ(responder->response->status, 500);
  EXPECT_NE(responder->response->body.find("not answered"), std::string::npos);
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, ParkedResponderAnswersLaterExactlyOnce) {
  void* state = create("normal");
  HttpCall call;
  call.params = {"park", "1"};
  auto responder = host_.call(host_.routes[0], call);
  EXPECT_FALSE(responder->response.has_value());
  ASSERT_TRUE(observed.parked.has_value());
  EXPECT_FALSE(observed.parked->sent());
  EXPECT_TRUE(observed.parked->send(Response::json(202, "{}")));
  EXPECT_TRUE(observed.parked->sent());
  EXPECT_FALSE(observed.parked->send(Response::json(500, "{}")));
  observed.parked.reset();
  EXPECT_EQ(responder->calls, 1);
  EXPECT_EQ(responder->response->status, 202);
  EXPECT_EQ(responder->response->content_type, "application/json");
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, SubmitConvertsEveryFieldAndRunsCallbackOnce) {
  void* state = create("normal");
  HttpCall call;
  call.params = {"submit", "1"};
  auto responder = host_.call(host_.routes[0], call);
  EXPECT_FALSE(responder->response.has_value());  // answered only after the commit
  ASSERT_EQ(host_.submits.size(), 1U);
  const auto& s = host_.submits[0];
  EXPECT_EQ(s.struct_size, sizeof(fd_inbound_message));
  EXPECT_EQ(s.external_id, "ext-1");
  EXPECT_EQ(s.identity_kind, "email");
  EXPECT_EQ(s.identity_value, "a@example.com");
  EXPECT_EQ(s.customer_name, "Ada");
  EXPECT_EQ(s.customer_language, "en");
  EXPECT_EQ(s.ticket_ref, "TKT-1-000001");
  EXPECT_EQ(s.thread_keys, (std::vector<std::string>{"<k1@x>", "<k2@x>"}));
  EXPECT_EQ(s.own_thread_key, "<own@x>");
  EXPECT_EQ(s.subject, "Subject");
  EXPECT_EQ(s.body, std::string("bo\0dy", 5));
  EXPECT_EQ(s.category, "billing");
  EXPECT_EQ(s.priority, "high");
  ASSERT_EQ(s.attachments.size(), 2U);
  EXPECT_EQ(s.attachments[1].filename, "logo.png");
  EXPECT_EQ(s.attachments[1].content_type, "image/png");
  EXPECT_EQ(s.attachments[1].data, std::string("\x89PNG\0", 5));
  EXPECT_EQ(s.attachments[1].content_id, "logo@x");
  EXPECT_EQ(s.metadata_json, R"({"k":1})");
  EXPECT_EQ(s.flags, FD_INBOUND_ISSUE_CUSTOMER_TOKEN);

  host_.complete(0, InboundOutcome{FD_INGEST_CREATED, 12, 34, "TKT-5-000009", "tok", "", ""});
  EXPECT_EQ(observed.results, 1);
  EXPECT_EQ(observed.result.status, FD_INGEST_CREATED);
  EXPECT_EQ(observed.result.ticket_id, 12);
  EXPECT_EQ(observed.result.message_id, 34);
  EXPECT_EQ(observed.result.ticket_number, "TKT-5-000009");
  EXPECT_EQ(observed.result.customer_token, "tok");
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 201);
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, ThrowingSubmitCallbackIsLoggedNotPropagated) {
  void* state = create("normal");
  HttpCall call;
  call.query = "throw";
  call.params = {"submit", "1"};
  auto responder = host_.call(host_.routes[0], call);
  ASSERT_EQ(host_.submits.size(), 1U);
  host_.complete(0, InboundOutcome{FD_INGEST_FAILED, 0, 0, "", "", "db down", ""});
  EXPECT_EQ(observed.result.error, "db down");
  EXPECT_EQ(host_.logs.back().second, "submit callback failed: callback exploded");
  // The callback (and its responder copy) is gone, so the request got the fallback 500.
  ASSERT_TRUE(responder->response.has_value());
  EXPECT_EQ(responder->response->status, 500);
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, StartAndStopExceptionsStayInside) {
  void* state = create("start-throws");
  ASSERT_NE(state, nullptr);
  EXPECT_NE(plugin_->start(state, err_.data(), err_.size()), 0);
  EXPECT_STREQ(err_.data(), "cannot listen");
  plugin_->destroy(state);

  state = create("stop-throws");
  plugin_->stop(state);
  EXPECT_EQ(host_.logs.back().second, "stop failed: stop failed badly");
  plugin_->destroy(state);
}

TEST_F(PluginSdkTest, DeliverReportsExactlyOnceWhateverThePluginDoes) {
  void* state = create("normal");
  Delivery sent = deliver(state, "hello");
  EXPECT_EQ(observed.deliver_subject, "hello");
  EXPECT_EQ(sent.calls, 1);
  EXPECT_EQ(sent.status, FD_DELIVERY_SENT);
  EXPECT_EQ(sent.provider_id, "provider-77");
  plugin_->destroy(state);

  state = create("deliver-default");
  Delivery cannot = deliver(state, "x");
  EXPECT_EQ(cannot.calls, 1);
  EXPECT_EQ(cannot.status, FD_DELIVERY_PERMANENT);
  EXPECT_EQ(cannot.error, "channel cannot send");
  plugin_->destroy(state);

  state = create("deliver-throws");
  Delivery thrown = deliver(state, "x");
  EXPECT_EQ(thrown.calls, 1);
  EXPECT_EQ(thrown.status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(thrown.error, "provider down");
  plugin_->destroy(state);

  state = create("deliver-drops");
  Delivery dropped = deliver(state, "x");
  EXPECT_EQ(dropped.calls, 1);
  EXPECT_EQ(dropped.status, FD_DELIVERY_TRANSIENT);
  EXPECT_EQ(dropped.error, "the plugin dropped the delivery");
  plugin_->destroy(state);

  state = create("deliver-twice");
  Delivery twice = deliver(state, "x");
  EXPECT_EQ(twice.calls, 1);
  EXPECT_EQ(twice.status, FD_DELIVERY_SENT);
  EXPECT_EQ(twice.provider_id, "id-1");
  plugin_->destroy(state);
}

TEST(PluginSdkHost, IoContextComesFromTheHostWhenOffered) {
  FakeHost fake;
  int marker = 0;
  fake.io_context_pointer = &marker;
  const Host host(fake.api(), fake.handle());
  EXPECT_EQ(host.io_context(), &marker);

  fake.mutable_api().struct_size = offsetof(fd_host_api, io_context);  // an older host
  EXPECT_EQ(host.io_context(), nullptr);
}

TEST(PluginSdkHost, LogPassesLevelAndText) {
  FakeHost fake;
  const Host host(fake.api(), fake.handle());
  host.log(FD_LOG_WARN, "careful");
  ASSERT_EQ(fake.logs.size(), 1U);
  EXPECT_EQ(fake.logs[0].first, FD_LOG_WARN);
  EXPECT_EQ(fake.logs[0].second, "careful");
}

TEST(PluginSdkRequest, OlderRequestStructWithoutParamsHasNone) {
  const std::string param = "x";
  fd_str params[] = {{param.data(), param.size()}};
  fd_http_request raw{};
  raw.struct_size = offsetof(fd_http_request, params);  // as if built before params existed
  raw.params = params;
  raw.param_count = 1;
  const Request request(raw);
  EXPECT_EQ(request.param_count(), 0U);
  EXPECT_EQ(request.param(0), "");
  EXPECT_TRUE(request.params().empty());
}

TEST(PluginSdkResult, FromCopiesEveryField) {
  const std::string number = "TKT-1-000002";
  fd_inbound_result raw{};
  raw.struct_size = sizeof(raw);
  raw.status = FD_INGEST_DUPLICATE;
  raw.ticket_id = 5;
  raw.message_id = 6;
  raw.ticket_number = {number.data(), number.size()};
  const InboundResult result = InboundResult::from(raw);
  EXPECT_EQ(result.status, FD_INGEST_DUPLICATE);
  EXPECT_EQ(result.ticket_id, 5);
  EXPECT_EQ(result.message_id, 6);
  EXPECT_EQ(result.ticket_number, number);
  EXPECT_EQ(result.customer_token, "");
  EXPECT_EQ(result.error, "");
}

}  // namespace
