// SPDX-License-Identifier: Apache-2.0
// The walk of a component list: every check before any start, starts in order, stops and
// destruction in reverse, a failed start undoing the ones before it, reloads to the started
// components only; and the order of frontdeskd's own list, which is its shutdown order.
#include "app/components.hpp"
#include "app/lifecycle.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "metrics/registry.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace frontdesk::app {
namespace {

using Calls = std::vector<std::string>;

class Recorded final : public Component {
 public:
  Recorded(Services& services, std::string name, Calls& calls, std::string fails_in = "")
      : Component(services), name_(std::move(name)), calls_(calls), fails_in_(std::move(fails_in)) {}
  ~Recorded() override { calls_.push_back("destroy " + name_); }

  [[nodiscard]] std::string_view name() const override { return name_; }
  void check(CheckReport& report) override {
    record("check");
    report.lines.push_back(name_ + " OK");
  }
  void start() override { record("start"); }
  void stop() override { record("stop"); }
  void reload(const config::Config* fresh) override { record(fresh != nullptr ? "reload" : "reload without config"); }

 private:
  void record(const std::string& step) {
    calls_.push_back(step + " " + name_);
    if (step.starts_with(fails_in_) && !fails_in_.empty()) throw std::runtime_error("cannot " + step);
  }

  std::string name_;
  Calls& calls_;
  std::string fails_in_;
};

class LifecycleTest : public ::testing::Test {
 protected:
  // Components a, b, c; `failing` fails in `step`.
  ComponentList list(const std::string& failing = "", const std::string& step = "") {
    ComponentList out;
    for (const char* name : {"a", "b", "c"}) {
      out.push_back(std::make_unique<Recorded>(services_, name, calls_, name == failing ? step : ""));
    }
    return out;
  }

  config::Config config_;
  core::SystemClock clock_;
  boost::asio::io_context io_;
  metrics::Registry metrics_;
  Services services_{.config = config_,
                     .clock = clock_,
                     .io = io_,
                     .metrics = metrics_,
                     .router = std::make_shared<http::Router>(),
                     .node_name = "test:1",
                     .request_reload = [] {},
                     .request_shutdown = [](int) {}};
  Calls calls_;
};

TEST_F(LifecycleTest, ChecksThenStartsInOrderThenStopsAndDestroysInReverse) {
  {
    Lifecycle life(list());
    CheckReport report;
    life.check(report);
    EXPECT_EQ(report.lines, (std::vector<std::string>{"a OK", "b OK", "c OK"}));
    life.start();
    EXPECT_EQ(life.started(), 3U);
    life.stop();
    life.stop();  // idempotent
    EXPECT_EQ(life.started(), 0U);
  }
  EXPECT_EQ(calls_, (Calls{"check a", "check b", "check c", "start a", "start b", "start c", "stop c", "stop b",
                           "stop a", "destroy c", "destroy b", "destroy a"}));
}

TEST_F(LifecycleTest, AFailedStartStopsTheStartedOnesInReverseAndNamesTheComponent) {
  Lifecycle life(list("c", "start"));
  try {
    life.start();
    FAIL() << "expected the start to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "c: cannot start");
  }
  EXPECT_EQ(life.started(), 0U);
  life.destroy();
  EXPECT_EQ(calls_, (Calls{"start a", "start b", "start c", "stop b", "stop a", "destroy c", "destroy b",
                           "destroy a"}));
}

TEST_F(LifecycleTest, AFailedCheckNamesTheComponentUnlessBare) {
  {
    Lifecycle life(list("b", "check"));
    CheckReport report;
    EXPECT_THROW(
        {
          try {
            life.check(report);
          } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "b: cannot check");
            throw;
          }
        },
        std::runtime_error);
  }
  Lifecycle bare(list("b", "check"));
  CheckReport report;
  try {
    bare.check(report, /*bare=*/true);
    FAIL() << "expected the check to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot check");  // as `frontdeskd --check` prints it: file:line: ...
  }
  EXPECT_EQ(report.lines, (std::vector<std::string>{"a OK"}));
}

TEST_F(LifecycleTest, ReloadReachesTheStartedComponentsInOrderPastAFailure) {
  Lifecycle life(list("a", "reload"));
  life.start();
  const config::Config fresh;
  life.reload(&fresh);
  life.reload(nullptr);
  life.stop();
  life.reload(&fresh);  // stopped: nothing
  life.destroy();
  EXPECT_EQ(calls_, (Calls{"start a", "start b", "start c", "reload a", "reload b", "reload c",
                           "reload without config a", "reload without config b", "reload without config c",
                           "stop c", "stop b", "stop a", "destroy c", "destroy b", "destroy a"}));
}

TEST_F(LifecycleTest, AFailedStopDoesNotEndTheWalk) {
  Lifecycle life(list("b", "stop"));
  life.start();
  life.stop();
  EXPECT_EQ(calls_, (Calls{"start a", "start b", "start c", "stop c", "stop b", "stop a"}));
}

// frontdeskd's list, which start-up walks top to bottom and shutdown bottom to top: the
// inputs stop first (channel inputs, then HTTP drains), then what is queued is stored, then
// the workers stop, then the event loop; plugins unload and the database closes last.
TEST_F(LifecycleTest, TheDaemonsListStopsItsInputsFirstAndClosesTheDatabaseLast) {
  const auto components = make_components(services_);
  std::vector<std::string> names;
  for (const auto& c : components) names.emplace_back(c->name());
  EXPECT_EQ(names, (std::vector<std::string>{"database", "schema", "event loop", "signals", "ingest", "health", "API", "web pages",
                                             "knowledge base", "sign-in", "customer portal", "console", "status page", "metrics", "presence", "channels", "SLA", "widget", "rules", "canned responses", "notifications", "outbox", "events", "ingest drain", "HTTP",
                                             "channel inputs", "watchdog"}));
}

}  // namespace
}  // namespace frontdesk::app
