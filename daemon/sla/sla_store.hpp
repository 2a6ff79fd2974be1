// SPDX-License-Identifier: Apache-2.0
// The SLA scheduler's database work (migration 0009_sla.sql): one pass claims the ticket_sla
// rows whose timer is due (or whose facts changed) with FOR UPDATE SKIP LOCKED, recomputes
// their clocks, writes sla.warning / sla.breached audit events, sets the flags and arms each
// row's next timer — all in one transaction, so an event is written exactly once however
// many daemons run passes and wherever one of them stops.
#pragma once

#include <cstddef>
#include <optional>

#include "sla/calendar.hpp"
#include "sla/policy.hpp"

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::sla {

struct PassResult {
  std::size_t claimed = 0;  // rows looked at
  std::size_t events = 0;   // audit events written
};

// Runs one pass over at most `batch` due rows as of `now`.
PassResult run_pass(storage::Connection& conn, const PolicySet& policies, Instant now, int batch);

// The earliest armed timer, or none when nothing is timed.
[[nodiscard]] std::optional<Instant> next_due(storage::Connection& conn);

// Publishes the configured calendars to sla_calendars for SQL's minutes-remaining count.
void publish_calendars(storage::Connection& conn, const PolicySet& policies);

// Microseconds since the Unix epoch, as the SQL side passes them.
[[nodiscard]] Instant from_epoch_us(std::int64_t us) noexcept;
[[nodiscard]] std::int64_t to_epoch_us(Instant at) noexcept;

}  // namespace frontdesk::sla
