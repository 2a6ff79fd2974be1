// SPDX-License-Identifier: Apache-2.0
// A ticket's row as the write path reads and keeps it in step with what it writes.
#pragma once

#include "core/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
class Result;
}  // namespace frontdesk::storage

namespace frontdesk::tickets {

struct Ticket {
  std::int64_t id = 0;
  std::string number;
  core::Status status = core::Status::open;
  std::string priority;
  std::string category;
  std::string channel;
  std::string subject;
  std::string language;
  std::vector<std::string> tags;
  std::optional<std::int64_t> assigned_to;
  std::optional<std::int64_t> team_id;
  std::optional<std::int64_t> merged_into;
  int escalation_level = 0;
  std::int64_t customer_id = 0;
};

// A JSON array of strings (array_to_json of a text[]) as a vector; anything else is empty.
[[nodiscard]] std::vector<std::string> parse_tags(std::string_view json_array);

// The columns read_ticket takes apart, for a SELECT over `tickets t`, and their count.
inline constexpr std::string_view kTicketColumns =
    "t.id, t.number, t.status, t.priority, t.category, t.channel, t.subject, t.language, "
    "array_to_json(t.tags)::text, t.assigned_to, t.team_id, t.merged_into, t.escalation_level, t.customer_id";
inline constexpr int kTicketColumnCount = 14;

// Row `row` of a result whose first columns are kTicketColumns.
[[nodiscard]] Ticket read_ticket(const storage::Result& rows, int row);

// The ticket locked for the caller's transaction (FOR UPDATE), or nullopt when it is gone.
[[nodiscard]] std::optional<Ticket> lock_ticket(storage::Connection& db, std::int64_t id);

// Both tickets locked in id order, so two writers taking the same pair cannot deadlock.
struct TicketPair {
  Ticket first;
  Ticket second;
};
[[nodiscard]] std::optional<TicketPair> lock_pair(storage::Connection& db, std::int64_t first, std::int64_t second);

}  // namespace frontdesk::tickets
