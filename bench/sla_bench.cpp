// SPDX-License-Identifier: Apache-2.0
// SLA scheduler pass cost: N open tickets with armed timers, of which D are due, and one
// pass (sla::run_pass: claim, recompute, write events and flags, re-arm) timed. Each run
// puts the due rows back as they were, so every run does the same work. Prints each run and
// the medians.
#include "sla/policy.hpp"
#include "sla/sla_store.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/result.hpp"

#include <boost/program_options.hpp>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

namespace po = boost::program_options;
using namespace frontdesk;
using Steady = std::chrono::steady_clock;

namespace {

// On a busy machine wall time mostly measures waiting for a core, so the CPU time the pass
// took is printed too: the PostgreSQL backend's (from /proc/<pid>/schedstat, ns on CPU) and
// this thread's.
double backend_cpu_ms(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
  double ns = 0;
  in >> ns;
  return ns / 1e6;
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Loaded in bulk with the SLA trigger off, then given the state a scheduler leaves: the due
// tickets are urgent ones 13 minutes old whose warning (at 12) is due; the rest are timed
// hours ahead.
void load(storage::Connection& c, int tickets, int due, std::int64_t now_us) {
  storage::migrate(c, storage::builtin_migrations());
  c.exec("INSERT INTO customers (name) VALUES ('bench')");
  c.exec("ALTER TABLE tickets DISABLE TRIGGER tickets_sla_insert");
  c.exec("INSERT INTO tickets (number, customer_id, channel, subject, description, priority, status, "
         "created_at, updated_at) "
         "SELECT 'TKT-B-' || i, (SELECT min(id) FROM customers), 'webform', 'subject', 'body', "
         "CASE WHEN i <= $2 THEN 'urgent' ELSE 'low' END, 'open', "
         "fd_sla_ts($3::bigint) - CASE WHEN i <= $2 THEN interval '13 minutes' ELSE interval '1 minute' END, "
         "fd_sla_ts($3::bigint) FROM generate_series(1, $1) AS i",
         tickets, due, now_us);
  c.exec("ALTER TABLE tickets ENABLE TRIGGER tickets_sla_insert");
  c.exec("INSERT INTO ticket_sla (ticket_id, policy, calendar, resolution_started_at, first_response_due, "
         "first_response_warn_at, resolution_due, resolution_warn_at, next_event_at, next_event_kind) "
         "SELECT t.id, 'default', '24x7', t.created_at, t.created_at + f.first_response, "
         "t.created_at + f.first_response * 0.8, t.created_at + f.resolution, t.created_at + f.resolution * 0.8, "
         "t.created_at + f.first_response * 0.8, 'first_response.warning' "
         "FROM tickets t CROSS JOIN LATERAL fd_sla_targets(t.priority) f");
  c.exec("VACUUM ANALYZE tickets");
  c.exec("VACUUM ANALYZE ticket_sla");
}

// Puts the due rows back as the load left them, as of `now_us`, without the last pass's
// events. A pass changes no ticket, so tickets are written only when a reused database was
// loaded at another time. The vacuums keep dead versions and index entries from piling up
// run after run (each run rewrites the same rows); they also make PostgreSQL plan the pass's
// statements afresh, so that cost is in every figure.
void rewind(storage::Connection& c, std::int64_t now_us) {
  c.exec("DELETE FROM audit_events WHERE event LIKE 'sla.%'");
  const storage::Result moved = c.exec(
      "UPDATE tickets SET created_at = fd_sla_ts($1::bigint) - interval '13 minutes' "
      "WHERE priority = 'urgent' AND created_at <> fd_sla_ts($1::bigint) - interval '13 minutes'",
      now_us);
  if (moved.affected_rows() > 0) c.exec("VACUUM tickets");
  c.exec("UPDATE ticket_sla s SET first_response_warned = false, first_response_breached = false, "
         "resolution_warned = false, resolution_breached = false, first_response_due = t.created_at + "
         "interval '15 minutes', next_event_at = t.created_at + interval '12 minutes', "
         "next_event_kind = 'first_response.warning' FROM tickets t WHERE t.id = s.ticket_id AND "
         "t.priority = 'urgent'");
  c.exec("VACUUM ANALYZE ticket_sla");
  c.exec("VACUUM audit_events");
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("sla_bench options");
  options.add_options()
      ("db", po::value<std::string>()->required(), "conninfo of an empty database")
      ("tickets", po::value<int>()->default_value(1000000), "open tickets")
      ("due", po::value<int>()->default_value(1000), "tickets whose warning is due")
      ("runs", po::value<int>()->default_value(7), "timed passes")
      ("reuse", "the database was loaded by an earlier run with the same --tickets and --due")
      ("help", "print these options");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, options), vm);
  if (vm.count("help") != 0) {
    std::cout << options << "\n";
    return 0;
  }
  po::notify(vm);
  const int tickets = vm["tickets"].as<int>();
  const int due = vm["due"].as<int>();
  const int runs = vm["runs"].as<int>();

  // Passes run on a connection of their own, whose backend's CPU time is read (and which a
  // profiler can watch); loading and rewinding run on another.
  const std::string conninfo = vm["db"].as<std::string>();
  storage::Connection pass_conn = storage::Connection::connect(conninfo);
  storage::Connection setup = storage::Connection::connect(conninfo);
  const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  const std::int64_t now_us = sla::to_epoch_us(now);
  const auto load_start = Steady::now();
  if (vm.count("reuse") == 0) load(setup, tickets, due, now_us);
  std::printf("loaded %d tickets (%d due) in %.1f s\n", tickets, due,
              std::chrono::duration<double>(Steady::now() - load_start).count());

  // The other tickets' warnings come 95 minutes after loading: a reused database must be
  // fresher than that.
  const sla::PolicySet policies;
  const int backend = pass_conn.exec("SELECT pg_backend_pid()").get<std::int32_t>(0, 0);
  std::printf("passes run on PostgreSQL backend %d\n", backend);
  std::fflush(stdout);
  std::vector<double> ms;
  std::vector<double> cpu;
  for (int run = 0; run < runs; ++run) {
    rewind(setup, now_us);
    const std::string wal_before(setup.exec("SELECT pg_current_wal_insert_lsn()::text").text(0, 0));
    const double server_before = backend_cpu_ms(backend);
    const double client_before = thread_cpu_ms();
    const auto start = Steady::now();
    const sla::PassResult pass = sla::run_pass(pass_conn, policies, now, due);
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
    const double server = backend_cpu_ms(backend) - server_before;
    const double client = thread_cpu_ms() - client_before;
    cpu.push_back(server + client);
    // The WAL the pass wrote (nothing else writes meanwhile): what its commit flushes.
    const double wal_kb =
        setup.exec("SELECT (pg_current_wal_insert_lsn() - $1::pg_lsn) / 1024.0", wal_before).get<double>(0, 0);
    std::printf("run %d: %zu rows, %zu events in %.2f ms (CPU: server %.2f ms + client %.2f ms; WAL %.0f kB)\n",
                run + 1, pass.claimed, pass.events, ms.back(), server, client, wal_kb);
    if (pass.events != static_cast<std::size_t>(due)) {
      std::fprintf(stderr, "expected %d events\n", due);
      return 1;
    }
  }
  std::printf("median pass: %.2f ms wall, %.2f ms CPU (%d open tickets, %d due)\n", median(ms), median(cpu),
              tickets, due);
  return 0;
}
