// SPDX-License-Identifier: Apache-2.0
// Runs the rules on the event stream (audit_events) and on schedules, durably and once
// across every daemon sharing the database:
//  - a batch of pending events is claimed with FOR UPDATE SKIP LOCKED, only the oldest
//    pending event of each ticket (so a ticket's events run in order), and each event's
//    changes and its processed mark commit together; a crash before the commit leaves
//    the events to another daemon;
//  - a due schedule row is locked with SKIP LOCKED and moved to its next run in the same
//    transaction as the run;
//  - idle workers sleep on LISTEN fd_rules (a storage::Listener each) with a slow poll as a
//    safety net.
#pragma once

#include "core/clock.hpp"
#include "rules/evaluator.hpp"
#include "rules/lua_sandbox.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/rules_metrics.hpp"
#include "storage/listener.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace frontdesk::storage {
class Connection;
class Result;
}

namespace frontdesk::rules::runtime {

struct RuntimeOptions {
  int workers = 1;
  int batch_size = 64;  // events per transaction (tickets a rule acted on stay locked until it commits)
  // How long a batch keeps the tickets it acted on locked before it commits and leaves the
  // rest of its events for the next pass: ingest and the API wait on those locks.
  std::chrono::milliseconds lock_budget{10};
  // After a batch that found fewer events than batch_size, how long a worker lets more arrive
  // before it claims again: a claim and its reads cost about as much for 10 events as for 60.
  std::chrono::milliseconds gather{5};
  int max_depth = 3;  // events raised by rules at this depth no longer trigger rules
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds schedule_interval{1000};
  std::string node_name = "frontdeskd";  // recorded on schedule runs
  std::string public_url = {};  // the base of incident.url, without a trailing '/'
  metrics::Registry* metrics = nullptr;   // where the per-rule figures go (rules_metrics.hpp)
};

struct RuntimeCounters {
  std::atomic<std::uint64_t> events{0};
  std::atomic<std::uint64_t> event_errors{0};
  std::atomic<std::uint64_t> lua_errors{0};
  std::atomic<std::uint64_t> loops_stopped{0};
  std::atomic<std::uint64_t> schedule_runs{0};
};

class RulesRuntime {
 public:
  RulesRuntime(std::string conninfo, RuleStore& store, const core::Clock& clock, RuntimeOptions options = {});
  ~RulesRuntime();  // stop()
  RulesRuntime(const RulesRuntime&) = delete;
  RulesRuntime& operator=(const RulesRuntime&) = delete;

  // Called (on a worker thread) when `frontdesk rules reload` sends NOTIFY fd_rules_reload.
  void on_reload_request(std::function<void()> handler) { reload_handler_ = std::move(handler); }

  void start();
  // Finishes the batch in hand, joins the workers; an idle worker's wait ends at once.
  // Idempotent.
  void stop();

  // One claim-and-process pass; returns the number of events it claimed, those it put back
  // for a later pass included (so a batch cut short by lock_budget reads as a full one and
  // the worker claims again at once). Public so tests drive the runtime step by step with
  // their own connection and sandbox.
  std::size_t process_batch(storage::Connection& db, LuaSandbox& lua);
  // Runs the schedules due at clock.now(); returns the number of rule runs.
  std::size_t run_due_schedules(storage::Connection& db, LuaSandbox& lua);

  [[nodiscard]] const RuntimeCounters& counters() const noexcept { return counters_; }

 private:
  struct EventRow;
  class EventSavepoint;
  // An event's ticket: a row of read_tickets' result, locked or as committed; row -1: read
  // it afresh (as committed), since an earlier event of the batch wrote.
  struct TicketRow {
    const storage::Result* rows = nullptr;
    int row = -1;
    bool locked = false;
  };
  // What handle_event answers when it would write on a ticket read without its lock (it
  // stops before the write): what the rules decided so far (one entry per rule evaluated, in
  // order) on the row as read, whose version was `xmin`. The caller locks the ticket and
  // calls again; if the locked row is that same version, the decisions stand.
  struct NeedsTicketLock {
    std::string xmin;
    std::vector<std::optional<RuleOutcome>> decided;
  };
  // nullopt: the event is handled. On a locked ticket (or none) it never needs the lock.
  [[nodiscard]] std::optional<NeedsTicketLock> handle_event(storage::Connection& db, LuaSandbox& lua,
                                                          const RuleSet& set, const EventRow& row,
                                                          const TicketRow& prefetched, EventSavepoint& savepoint,
                                                          NeedsTicketLock* resume = nullptr);
  void worker(int index, storage::Listener& listener);
  void on_wake(const storage::Listener::Waited& waited, bool listens_for_reload);

  std::string conninfo_;
  RuleStore& store_;
  const core::Clock& clock_;
  RuntimeOptions options_;
  RuntimeCounters counters_;
  RulesMetrics metrics_;
  std::string claim_sql_;
  std::function<void()> reload_handler_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<storage::Listener>> listeners_;  // one per worker, made by start()
  std::vector<std::thread> threads_;
};

}  // namespace frontdesk::rules::runtime
