// SPDX-License-Identifier: Apache-2.0
// How idle rules workers wait (storage::Listener): a NOTIFY fd_rules wakes them long before
// their poll interval, `frontdesk rules reload` (NOTIFY fd_rules_reload) reaches the reload
// handler, and stop() ends an idle wait at once.
#include "rules_fixture.hpp"

#include <atomic>
#include <chrono>
#include <thread>

namespace frontdesk::rules::testing {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class RulesWake : public RulesFixture {
 protected:
  template <class Pred>
  static bool eventually(Pred pred, std::chrono::milliseconds limit = 30s) {
    const auto deadline = Steady::now() + limit;
    while (Steady::now() < deadline) {
      if (pred()) return true;
      std::this_thread::yield();
    }
    return pred();
  }
  bool tagged(std::int64_t ticket) {
    return number("SELECT count(*) FROM tickets WHERE 'seen' = ANY (tags) AND id = " + std::to_string(ticket)) == 1;
  }
};

TEST_F(RulesWake, AnIdleWorkerWakesOnNotifyAndStopsAtOnce) {
  runtime_options_.poll_interval = 1h;  // only a notification (or the listener connecting) wakes it
  runtime_options_.schedule_interval = 1h;
  use_rules("- {name: tag, on: ticket.created, then: [{add_tag: seen}]}\n");
  runtime_->start();
  const auto first = create_ticket("a@x.org", "s", "b");
  ASSERT_TRUE(eventually([&] { return tagged(first); }));
  // Handled in the first pass or after the LISTEN came up; either way the worker now
  // sleeps on it, and only the notification of this event can end that sleep in time.
  const auto second = create_ticket("b@x.org", "s", "b");
  EXPECT_TRUE(eventually([&] { return tagged(second); }));

  const auto start = Steady::now();
  runtime_->stop();
  EXPECT_LT(Steady::now() - start, 5s) << "stop() waited for the poll interval";
}

TEST_F(RulesWake, AReloadRequestReachesTheHandler) {
  runtime_options_.poll_interval = 1h;
  std::atomic<int> reloads{0};
  runtime_->on_reload_request([&] { ++reloads; });
  runtime_->start();
  // The LISTEN comes up shortly after start(): a request sent before it is not heard, so
  // the request is repeated until one is.
  const bool heard = eventually([&] {
    conn_.exec("NOTIFY fd_rules_reload");
    return eventually([&] { return reloads.load() > 0; }, 200ms);
  });
  EXPECT_TRUE(heard);
  runtime_->stop();
}

}  // namespace
}  // namespace frontdesk::rules::testing
