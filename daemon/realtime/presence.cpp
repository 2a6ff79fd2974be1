// SPDX-License-Identifier: Apache-2.0
#include "realtime/presence.hpp"

#include "storage/connection.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace frontdesk::realtime {

namespace {

constexpr std::string_view kTopic = "fd_presence";

// The ticket and who acts on it: an agent by id, or the ticket's own customer.
constexpr std::string_view kTicketSql = R"SQL(
SELECT t.number, t.customer_id, t.channel,
       CASE WHEN $2 THEN coalesce(a.name, '') ELSE coalesce(c.name, '') END
FROM tickets t
LEFT JOIN agents a ON $2 AND a.id = $3
LEFT JOIN customers c ON NOT $2 AND c.id = t.customer_id
WHERE t.id = $1 AND ($4 = '' OR t.channel = $4)
)SQL";

}  // namespace

Presence::Presence(storage::Database& db)
    : db_(db), listener_(db.conninfo(), {std::string(kTopic)}, {.name = "presence"}) {}

Presence::~Presence() {
  stop();
}

void Presence::start() {
  thread_ = std::thread([this] { run(); });
}

void Presence::stop() {
  listener_.stop();
  if (thread_.joinable()) thread_.join();
}

void Presence::announce(Signal::Kind kind, std::int64_t ticket_id, Actor actor, std::string channel,
                        std::function<void(Announced)> done) {
  auto work = [kind, ticket_id, actor, channel = std::move(channel)](storage::Connection& c) {
    const auto row = c.exec(kTicketSql, ticket_id, actor.agent, actor.id, channel);
    if (row.empty()) return Announced::no_ticket;
    Signal s;
    s.kind = kind;
    s.ticket_id = ticket_id;
    s.ticket_number = row.get<std::string>(0, 0);
    s.customer_id = row.get<std::int64_t>(0, 1);
    s.channel = row.get<std::string>(0, 2);
    s.from_agent = actor.agent;
    s.actor_id = actor.agent ? actor.id : s.customer_id;
    s.actor_name = row.get<std::string>(0, 3);
    s.expires_in = kind == Signal::Kind::typing ? kTypingLasts : kViewingLasts;
    c.exec("SELECT pg_notify($1, $2)", std::string(kTopic), encode(s));
    return Announced::sent;
  };
  db_.async_run(std::move(work),
                [done = std::move(done)](std::exception_ptr error, Announced announced) {
                  if (error) {
                    try {
                      std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                      spdlog::warn("presence: a signal was not sent: {}", e.what());
                    }
                    announced = Announced::failed;
                  }
                  done(announced);
                });
}

std::uint64_t Presence::subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.emplace(next_handle_, std::move(listener));
  return next_handle_++;
}

void Presence::unsubscribe(std::uint64_t handle) {
  std::lock_guard lock(mutex_);
  listeners_.erase(handle);
}

void Presence::run() {
  while (true) {
    auto waited = listener_.wait(std::chrono::hours(1));
    if (waited.wake == storage::Listener::Wake::stopped) return;
    if (waited.wake != storage::Listener::Wake::notified) continue;
    for (const auto& n : waited.notifications) {
      const auto signal = decode(n.payload);
      if (!signal) {
        spdlog::warn("presence: ignored a notification that is not a signal");
        continue;
      }
      std::lock_guard lock(mutex_);
      for (const auto& [handle, listener] : listeners_) {
        try {
          listener(*signal);
        } catch (const std::exception& e) {
          spdlog::error("presence: a listener failed: {}", e.what());
        }
      }
    }
  }
}

}  // namespace frontdesk::realtime
