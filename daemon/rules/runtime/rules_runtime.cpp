// SPDX-License-Identifier: Apache-2.0
#include "rules/runtime/rules_runtime.hpp"

#include "rules/evaluator.hpp"
#include "rules/runtime/action_executor.hpp"
#include "rules/runtime/assignment.hpp"
#include "storage/array_literal.hpp"
#include "storage/connection.hpp"
#include "storage/pg_error.hpp"
#include "storage/result.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>

namespace frontdesk::rules::runtime {

namespace json = boost::json;

struct RulesRuntime::EventRow {
  std::int64_t id = 0;
  std::optional<std::int64_t> ticket_id;
  std::string event;
  std::string actor_kind;
  std::optional<std::int64_t> actor_id;
  std::string rule;
  json::value old_value;
  json::value new_value;
  json::object data;
};

// Each event's writes are undone alone when it fails, through a savepoint taken just before
// its first write. Most events only read (no rule matches, or a script decides nothing), so
// they skip the two round trips a savepoint costs.
class RulesRuntime::EventSavepoint {
 public:
  explicit EventSavepoint(storage::Connection& db) : db_(db) {}
  void before_write() {
    if (taken_) return;
    db_.exec("SAVEPOINT rules_event");
    taken_ = true;
  }
  bool taken() const { return taken_; }
  void release() {
    if (taken_) db_.exec("RELEASE SAVEPOINT rules_event");
  }
  void roll_back() {
    if (taken_) db_.exec("ROLLBACK TO SAVEPOINT rules_event");
  }

 private:
  storage::Connection& db_;
  bool taken_ = false;
};

namespace {

// The oldest pending event of each ticket, so a ticket's events run in order, marked done
// as they are claimed: the batch's transaction commits the mark with the rules' changes, and
// puts back (kRequeueSql) the few events it leaves for a later pass.
//
// The heads are found within the first `window` pending events, in one ordered scan (a
// ticket's oldest pending event is its first in that prefix), then each is locked by its own
// probe (an event without a ticket is a head of its own). A head another worker holds is
// skipped, and its ticket's later events wait, as they are not heads.
//
// Every step is a bounded index scan whatever the statistics say: with a drained queue they
// say nothing is pending, and a per-candidate search for an earlier event of the same ticket
// (how this was once written) was then planned as a scan of every pending event per
// candidate, 3 ms a claim. The limits are literals, so the plan is one generic plan.
std::string claim_sql(int batch_size) {
  const int window = 8 * batch_size;
  return "WITH pending AS ("
         " SELECT id, ticket_id FROM audit_events WHERE rules_pending ORDER BY id LIMIT " + std::to_string(window) +
         "), claimed AS ("
         " SELECT l.id FROM unnest(ARRAY(SELECT min(id) FROM pending GROUP BY coalesce(ticket_id, -id) ORDER BY 1)) AS h(id)"
         " CROSS JOIN LATERAL (SELECT e.id FROM audit_events e WHERE e.id = h.id AND e.rules_pending"
         " FOR UPDATE SKIP LOCKED) l"
         " LIMIT " + std::to_string(batch_size) +
         "), marked AS ("
         " UPDATE audit_events e SET rules_pending = NULL FROM claimed c WHERE e.id = c.id"
         " RETURNING e.id, e.ticket_id, e.event, e.actor_kind, e.actor_id, e.rule, e.old_value, e.new_value, e.data)"
         " SELECT id, ticket_id, event, actor_kind, actor_id, rule, old_value::text, new_value::text, data::text"
         " FROM marked ORDER BY id";
}

constexpr std::string_view kRequeueSql = "UPDATE audit_events SET rules_pending = true WHERE id = ANY ($1::bigint[])";

// A ticket leaving an agent's workload lets the queue hand the agent another.
bool frees_agent(const json::value& new_status) {
  return new_status.is_string() && (new_status.as_string() == "resolved" || new_status.as_string() == "closed");
}


json::value parse_json(const storage::Result& r, int row, int col) {
  if (r.is_null(row, col)) return nullptr;
  return json::parse(r.text(row, col));
}

// event.old / event.new: text as is; {"field", "value"} objects by their value.
Value event_value(const json::value& v) {
  const json::value* inner = &v;
  if (v.is_object() && v.as_object().contains("value")) inner = &v.as_object().at("value");
  if (inner->is_null()) return {};
  if (inner->is_string()) return Value::of_text(std::string(inner->as_string()));
  return Value::of_text(json::serialize(*inner));
}

std::optional<std::int64_t> int_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

std::int64_t millis(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
}

// The incident an incident.* event names (with or without a ticket), and its page's link.
void load_incident(storage::Connection& db, std::int64_t incident, Facts& facts) {
  const auto r = db.exec("SELECT id, title FROM status_incidents WHERE id = $1", incident);
  if (r.empty()) return;
  facts[Field::incident_id] = Value::of_number(static_cast<double>(r.get<std::int64_t>(0, 0)));
  facts[Field::incident_title] = Value::of_text(r.get<std::string>(0, 1));
}

void load_agent(storage::Connection& db, std::int64_t agent, Facts& facts) {
  const auto r = db.exec("SELECT id, name, email, availability, open_tickets FROM agents WHERE id = $1", agent);
  if (r.empty()) return;
  facts[Field::agent_id] = Value::of_number(static_cast<double>(r.get<std::int64_t>(0, 0)));
  facts[Field::agent_name] = Value::of_text(r.get<std::string>(0, 1));
  facts[Field::agent_email] = Value::of_text(r.get<std::string>(0, 2));
  facts[Field::agent_availability] = Value::of_text(r.get<std::string>(0, 3));
  facts[Field::agent_open_tickets] = Value::of_number(r.get<std::int32_t>(0, 4));
}

// Applies one rule's outcome: logs a Lua failure, runs the actions in order.
void run_outcome(ActionContext& ctx, const RuleOutcome& outcome, RuntimeCounters& counters, RulesMetrics& metrics) {
  metrics.matched(ctx.rule.name);
  if (!outcome.lua_error.empty()) {
    counters.lua_errors.fetch_add(1, std::memory_order_relaxed);
    metrics.failed(ctx.rule.name, "lua");
    spdlog::warn("rule '{}' on {}: Lua failed: {}", ctx.rule.name, ctx.ticket.number, outcome.lua_error);
  }
  try {
    for (const auto& action : outcome.actions) apply_action(ctx, action);
  } catch (...) {
    metrics.failed(ctx.rule.name, "action");
    throw;
  }
}

}  // namespace

RulesRuntime::RulesRuntime(std::string conninfo, RuleStore& store, const core::Clock& clock, RuntimeOptions options)
    : conninfo_(std::move(conninfo)), store_(store), clock_(clock), options_(std::move(options)),
      metrics_(options_.metrics), claim_sql_(claim_sql(options_.batch_size)) {}

RulesRuntime::~RulesRuntime() { stop(); }

void RulesRuntime::start() {
  // Each worker sleeps on a LISTEN of its own; the first also hears `frontdesk rules reload`.
  for (int i = 0; i < options_.workers; ++i) {
    std::vector<std::string> channels{"fd_rules"};
    if (i == 0) channels.emplace_back("fd_rules_reload");
    listeners_.push_back(std::make_unique<storage::Listener>(conninfo_, std::move(channels),
                                                             storage::Listener::Options{.name = "rules"}));
  }
  for (int i = 0; i < options_.workers; ++i) {
    threads_.emplace_back([this, i, &listener = *listeners_[static_cast<std::size_t>(i)]] { worker(i, listener); });
  }
}

void RulesRuntime::stop() {
  if (stopping_.exchange(true)) return;
  for (auto& listener : listeners_) listener->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  listeners_.clear();
}

void RulesRuntime::worker(int index, storage::Listener& listener) {
  // One sandbox and one connection per worker thread, for the thread's life.
  std::unique_ptr<LuaSandbox> lua;
  std::optional<storage::Connection> db;
  auto next_schedule = std::chrono::steady_clock::now();
  while (!stopping_.load()) {
    try {
      if (!db || !db->ok()) {
        db.reset();
        db.emplace(storage::Connection::connect(conninfo_));
        // A rules transaction lost in a server crash leaves its events pending and they run
        // again, and any later synchronous commit (an outbox send, an ingest batch) flushes
        // it first; so rule work need not wait for its own WAL flush.
        db->exec("SET synchronous_commit = off");
      }
      if (!lua) lua = std::make_unique<LuaSandbox>();
      std::size_t done = process_batch(*db, *lua);
      if (index == 0 && std::chrono::steady_clock::now() >= next_schedule) {
        done += run_due_schedules(*db, *lua);
        next_schedule = std::chrono::steady_clock::now() + options_.schedule_interval;
      }
      if (done == 0) {
        // Returns at once for a notification that came during the pass, else sleeps until
        // one comes, the listener (re)connects, stop() is called, or the poll interval ends.
        on_wake(listener.wait(options_.poll_interval), index == 0);
      } else {
        if (done < static_cast<std::size_t>(options_.batch_size) && options_.gather.count() > 0) {
          (void)listener.pause(options_.gather);  // stop() cuts the pause short
        }
        // The next pass runs anyway; this only takes in the notifications that came meanwhile
        // (so they do not pile up on a busy worker) and hears a reload request.
        on_wake(listener.wait(std::chrono::milliseconds(0)), index == 0);
      }
    } catch (const std::exception& e) {
      spdlog::error("rules worker {}: {}", index, e.what());
      // A session the server ended (a restart its listener has already seen) is replaced at
      // once; otherwise, or when connecting fails, the worker backs off one poll interval.
      const bool lost = db && !db->ok();
      if (db) db->mark_broken();
      if (!lost) (void)listener.pause(options_.poll_interval);
    }
  }
}

void RulesRuntime::on_wake(const storage::Listener::Waited& waited, bool listens_for_reload) {
  if (listens_for_reload && reload_handler_ && waited.on("fd_rules_reload")) reload_handler_();
}

std::size_t RulesRuntime::process_batch(storage::Connection& db, LuaSandbox& lua) {
  const auto set = store_.current();
  storage::Transaction tx(db);
  const auto claimed = db.exec_params(claim_sql_, {});
  if (claimed.empty()) {
    tx.commit();
    return 0;
  }
  // Events no rule reads (and that free no agent) are marked done without their ticket.
  auto needs_ticket = [](const RuleSet& rules, const EventRow& row) {
    const auto event = parse_event(row.event);
    if (!event || *event == Event::schedule || *event == Event::manual) return false;
    return !rules.for_event(*event).empty() || (*event == Event::status_changed && frees_agent(row.new_value));
  };
  std::vector<EventRow> rows(static_cast<std::size_t>(claimed.rows()));
  std::vector<bool> reads_ticket(rows.size());
  std::vector<TicketWanted> wanted;
  for (int i = 0; i < claimed.rows(); ++i) {
    EventRow& row = rows[static_cast<std::size_t>(i)];
    row.id = claimed.get<std::int64_t>(i, 0);
    row.event = claimed.get<std::string>(i, 2);
    row.ticket_id = claimed.get_optional<std::int64_t>(i, 1);
    row.actor_kind = claimed.get<std::string>(i, 3);
    row.actor_id = claimed.get_optional<std::int64_t>(i, 4);
    row.rule = claimed.get_optional<std::string>(i, 5).value_or("");
    // PostgreSQL wrote these from jsonb, so they parse.
    row.old_value = parse_json(claimed, i, 6);
    row.new_value = parse_json(claimed, i, 7);
    const auto data = parse_json(claimed, i, 8);
    if (data.is_object()) row.data = data.as_object();
    reads_ticket[static_cast<std::size_t>(i)] = row.ticket_id && needs_ticket(*set, row);
    if (reads_ticket[static_cast<std::size_t>(i)]) wanted.push_back({*row.ticket_id, int_member(row.data, "messageId")});
  }
  // The tickets some rule must look at, with the messages their events name, in one
  // statement and without locks: most events only read (no rule matches, or a script decides
  // nothing). An event that will write locks its ticket first and is evaluated again on the
  // locked row; a ticket busy in an ingest batch or an API call then keeps its event for the
  // next pass. The runtime never waits for a ticket while holding others, so it cannot
  // deadlock with ingest batches that lock theirs in another order, and ingest never waits
  // for a ticket the rules only read.
  const auto tickets = wanted.empty() ? storage::Result() : read_tickets(db, wanted, TicketLock::none);
  std::unordered_map<std::int64_t, int> found_at;  // ticket id -> row of `tickets`
  for (int i = 0; i < tickets.rows(); ++i) found_at.emplace(tickets.get<std::int64_t>(i, 0), i);

  std::vector<std::int64_t> requeue;
  std::size_t handled = 0;
  bool wrote = false;  // once an event has written, rows read before may be stale
  std::optional<std::chrono::steady_clock::time_point> locked_since;  // the batch's first ticket lock
  for (int i = 0; i < claimed.rows(); ++i) {
    EventRow& row = rows[static_cast<std::size_t>(i)];
    if (locked_since && std::chrono::steady_clock::now() - *locked_since > options_.lock_budget) {
      requeue.push_back(row.id);
      continue;
    }
    const bool reads = reads_ticket[static_cast<std::size_t>(i)];
    const auto found = reads ? found_at.find(*row.ticket_id) : found_at.end();
    ++handled;
    metrics_.event(row.event);
    const auto timer = metrics_.time_event();
    EventSavepoint savepoint(db);
    const TicketRow prefetched{&tickets, found == found_at.end() || wrote ? -1 : found->second, false};
    if (row.ticket_id && !reads) {
      // No rule reads the event: it touches nothing in the database, so needs no lock.
      (void)handle_event(db, lua, *set, row, prefetched, savepoint);
      continue;
    }
    try {
      if (auto unlocked = handle_event(db, lua, *set, row, prefetched, savepoint)) {
        const auto mine = read_tickets(db, {{*row.ticket_id, int_member(row.data, "messageId")}}, TicketLock::skip_locked);
        if (mine.empty()) {  // busy elsewhere (or gone): the event waits for the next pass
          requeue.push_back(row.id);
          continue;
        }
        if (!locked_since) locked_since = std::chrono::steady_clock::now();
        // Unchanged since it was read: the rules' decisions so far stand and are not taken
        // again (a script runs once). Changed: the rules look at it afresh.
        const bool same = mine.text(0, kTicketVersion) == std::string_view(unlocked->xmin);
        (void)handle_event(db, lua, *set, row, TicketRow{&mine, 0, true}, savepoint, same ? &*unlocked : nullptr);
      }
      wrote = wrote || savepoint.taken();
      savepoint.release();
    } catch (const storage::PgError& e) {
      wrote = true;
      // A read failed before any write: the transaction is aborted, so the whole batch is
      // abandoned and its events stay pending for the next pass.
      if (!savepoint.taken()) throw;
      savepoint.roll_back();
      counters_.event_errors.fetch_add(1, std::memory_order_relaxed);
      if (e.is_transient()) {
        spdlog::warn("rules: event {} ({}) will be retried: {}", row.id, row.event, e.what());
        requeue.push_back(row.id);
        continue;
      }
      spdlog::error("rules: event {} ({}) failed and is skipped: {}", row.id, row.event, e.what());
    } catch (const std::exception& e) {
      wrote = true;
      savepoint.roll_back();
      counters_.event_errors.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("rules: event {} ({}) failed and is skipped: {}", row.id, row.event, e.what());
    }
  }
  if (!requeue.empty()) {
    storage::ArrayLiteral ids;
    for (const auto id : requeue) ids.add(id);
    db.exec(kRequeueSql, ids.text());
  }
  tx.commit();
  counters_.events.fetch_add(handled, std::memory_order_relaxed);
  return static_cast<std::size_t>(claimed.rows());
}

std::optional<RulesRuntime::NeedsTicketLock> RulesRuntime::handle_event(
    storage::Connection& db, LuaSandbox& lua, const RuleSet& set, const EventRow& row, const TicketRow& prefetched,
    EventSavepoint& savepoint, NeedsTicketLock* resume) {
  // Nothing is written on a ticket read without its lock: the caller locks it and comes back.
  std::vector<std::optional<RuleOutcome>> decided;
  std::string version;
  const bool unlocked = row.ticket_id && !prefetched.locked;
  // Call before every write: with the lock, takes the savepoint and answers true; without
  // it, answers false and the caller returns needs_lock() at once.
  auto may_write = [&] {
    if (unlocked) return false;
    savepoint.before_write();
    return true;
  };
  auto needs_lock = [&] { return std::optional<NeedsTicketLock>(NeedsTicketLock{std::move(version), std::move(decided)}); };
  const auto event = parse_event(row.event);
  if (!event || *event == Event::schedule || *event == Event::manual) return std::nullopt;  // events no rule can name
  const int depth = static_cast<int>(int_member(row.data, "depth").value_or(0));
  const std::int64_t now = millis(clock_);

  // Queued tickets go to agents who have room again, whatever the rules say.
  const bool new_available = row.new_value.is_string() && row.new_value.as_string() == "available";
  std::optional<std::int64_t> agent = int_member(row.data, "agentId");
  if (!agent) agent = row.actor_id;
  if (*event == Event::agent_availability_changed && new_available && agent) {
    if (!may_write()) return needs_lock();
    hand_out_queue(db, *agent, depth + 1, now);
  }

  const auto& rules = set.for_event(*event);
  const bool frees = *event == Event::status_changed && frees_agent(row.new_value);
  if (rules.empty() && !frees) return std::nullopt;
  if (!rules.empty() && depth >= options_.max_depth) {
    counters_.loops_stopped.fetch_add(1, std::memory_order_relaxed);
    metrics_.loop_stopped();
    spdlog::warn("rules: event {} ({}) was raised by rule '{}' at depth {}; rules stop here to break a loop", row.id,
                 row.event, row.rule, depth);
    return std::nullopt;
  }

  Facts facts;
  facts[Field::event_name] = Value::of_text(row.event);
  facts[Field::event_actor] = Value::of_text(row.actor_kind);
  if (!row.rule.empty()) facts[Field::event_rule] = Value::of_text(row.rule);
  facts[Field::event_old] = event_value(row.old_value);
  facts[Field::event_new] = event_value(row.new_value);
  facts[Field::event_depth] = Value::of_number(depth);
  if (row.new_value.is_number()) facts[Field::event_rating] = Value::of_number(row.new_value.to_number<double>());

  TicketState ticket;
  if (row.ticket_id) {
    if (prefetched.row >= 0) {
      read_ticket(*prefetched.rows, prefetched.row, now, ticket, facts);
      version = prefetched.rows->text(prefetched.row, kTicketVersion);
    } else {
      const auto fresh = read_tickets(db, {{*row.ticket_id, int_member(row.data, "messageId")}}, TicketLock::none);
      if (fresh.empty()) return std::nullopt;
      read_ticket(fresh, 0, now, ticket, facts);
      version = fresh.text(0, kTicketVersion);
    }
    if (frees && ticket.assigned_to) {
      if (!may_write()) return needs_lock();
      hand_out_queue(db, *ticket.assigned_to, depth + 1, now);
    }
  } else if (*event == Event::agent_availability_changed && agent) {
    load_agent(db, *agent, facts);
  }
  if (const auto incident = int_member(row.data, "incidentId")) load_incident(db, *incident, facts);
  if (const Value& incident = facts[Field::incident_id]; !incident.is_null()) {
    facts[Field::incident_url] = Value::of_text(options_.public_url + "/status#incident-" +
                                                std::to_string(static_cast<std::int64_t>(incident.number)));
  }

  const EvaluateOptions options{false, &lua};
  // On a ticket read without its lock, the rules are only evaluated: should one act, the
  // caller locks the ticket and comes back; otherwise their outcomes (metrics, script errors)
  // are recorded once all are known. Without actions the facts do not change between rules.
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const Rule* rule = rules[k];
    auto outcome = resume != nullptr && k < resume->decided.size() ? std::move(resume->decided[k])
                                                                   : evaluate_rule(set, *rule, facts, options);
    if (unlocked) {
      decided.push_back(outcome);
      if (outcome && !outcome->actions.empty()) return needs_lock();
      if (outcome && rule->stop) break;
      continue;
    }
    if (!outcome) continue;
    if (!outcome->actions.empty()) savepoint.before_write();  // the ticket is locked (or there is none)
    if (!row.ticket_id) {
      metrics_.matched(rule->name);
      // Without a ticket only notifications make sense; anything else is skipped.
      ActionContext ctx{db, set, ticket, facts, *rule, depth + 1, now};
      for (const auto& action : outcome->actions) {
        if (action.kind == ActionKind::notify) {
          apply_action(ctx, action);
        } else if (action.kind != ActionKind::stop) {
          spdlog::warn("rule '{}': {} has no ticket; '{}' is skipped", rule->name, row.event, action.describe());
        }
      }
    } else {
      ActionContext ctx{db, set, ticket, facts, *rule, depth + 1, now};
      run_outcome(ctx, *outcome, counters_, metrics_);
    }
    bool stop = rule->stop;
    for (const auto& a : outcome->actions) stop = stop || a.kind == ActionKind::stop;
    if (stop) break;
  }
  for (std::size_t k = 0; k < decided.size(); ++k) {
    if (!decided[k]) continue;
    ActionContext ctx{db, set, ticket, facts, *rules[k], depth + 1, now};
    run_outcome(ctx, *decided[k], counters_, metrics_);
  }
  return std::nullopt;
}

std::size_t RulesRuntime::run_due_schedules(storage::Connection& db, LuaSandbox& lua) {
  const auto set = store_.current();
  const auto& rules = set->for_event(Event::schedule);
  if (rules.empty()) return 0;
  const std::int64_t now = millis(clock_);
  {
    // A new rule, or one whose schedule changed, gets its first run computed from now.
    storage::Transaction tx(db);
    for (const Rule* rule : rules) {
      db.exec("INSERT INTO rule_schedules (rule_name, schedule, next_run_at) VALUES ($1, $2, $3) "
              "ON CONFLICT (rule_name) DO UPDATE SET schedule = EXCLUDED.schedule, next_run_at = EXCLUDED.next_run_at "
              "WHERE rule_schedules.schedule <> EXCLUDED.schedule",
              rule->name, rule->schedule->text(), timestamp(rule->schedule->next_after(now)));
    }
    tx.commit();
  }
  std::size_t runs = 0;
  for (const Rule* rule : rules) {
    storage::Transaction tx(db);
    const auto due = db.exec(
        "SELECT 1 FROM rule_schedules WHERE rule_name = $1 AND next_run_at <= $2 FOR UPDATE SKIP LOCKED",
        rule->name, timestamp(now));
    if (due.empty()) {
      tx.commit();
      continue;
    }
    db.exec("UPDATE rule_schedules SET next_run_at = $2, last_run_at = $3, last_run_by = $4 WHERE rule_name = $1",
            rule->name, timestamp(rule->schedule->next_after(now)), timestamp(now), options_.node_name);
    const auto tickets = db.exec("SELECT id FROM tickets WHERE status <> 'closed' ORDER BY id");
    const EvaluateOptions options{false, &lua};
    for (int i = 0; i < tickets.rows(); ++i) {
      Facts facts;
      facts[Field::event_name] = Value::of_text("schedule");
      facts[Field::event_depth] = Value::of_number(0);
      TicketState ticket;
      db.exec("SAVEPOINT rules_ticket");
      try {
        if (load_ticket(db, tickets.get<std::int64_t>(i, 0), std::nullopt, now, ticket, facts)) {
          if (auto outcome = evaluate_rule(*set, *rule, facts, options)) {
            ActionContext ctx{db, *set, ticket, facts, *rule, 1, now};
            run_outcome(ctx, *outcome, counters_, metrics_);
          }
        }
        db.exec("RELEASE SAVEPOINT rules_ticket");
      } catch (const std::exception& e) {
        db.exec("ROLLBACK TO SAVEPOINT rules_ticket");
        spdlog::error("scheduled rule '{}' on ticket {}: {}", rule->name, tickets.text(i, 0), e.what());
      }
    }
    tx.commit();
    counters_.schedule_runs.fetch_add(1, std::memory_order_relaxed);
    ++runs;
  }
  return runs;
}

}  // namespace frontdesk::rules::runtime
