// SPDX-License-Identifier: Apache-2.0
#include "tickets/ticket.hpp"

#include "storage/connection.hpp"
#include "storage/result.hpp"

#include <boost/json/parse.hpp>

namespace frontdesk::tickets {

std::vector<std::string> parse_tags(std::string_view json_array) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  const auto value = boost::json::parse(json_array, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

Ticket read_ticket(const storage::Result& rows, int row) {
  Ticket t;
  t.id = rows.get<std::int64_t>(row, 0);
  t.number = rows.text(row, 1);
  t.status = core::parse_status(rows.text(row, 2)).value_or(core::Status::open);
  t.priority = rows.text(row, 3);
  t.category = rows.text(row, 4);
  t.channel = rows.text(row, 5);
  t.subject = rows.text(row, 6);
  t.language = rows.text(row, 7);
  t.tags = parse_tags(rows.text(row, 8));
  t.assigned_to = rows.get_optional<std::int64_t>(row, 9);
  t.team_id = rows.get_optional<std::int64_t>(row, 10);
  t.merged_into = rows.get_optional<std::int64_t>(row, 11);
  t.escalation_level = rows.get<std::int32_t>(row, 12);
  t.customer_id = rows.get<std::int64_t>(row, 13);
  return t;
}

std::optional<Ticket> lock_ticket(storage::Connection& db, std::int64_t id) {
  static const std::string sql = "SELECT " + std::string(kTicketColumns) + " FROM tickets t WHERE t.id = $1 FOR UPDATE";
  const auto rows = db.exec(sql, id);
  if (rows.empty()) return std::nullopt;
  return read_ticket(rows, 0);
}

std::optional<TicketPair> lock_pair(storage::Connection& db, std::int64_t first, std::int64_t second) {
  const bool in_order = first < second;
  auto low = lock_ticket(db, in_order ? first : second);
  auto high = lock_ticket(db, in_order ? second : first);
  if (!low || !high) return std::nullopt;
  if (in_order) return TicketPair{std::move(*low), std::move(*high)};
  return TicketPair{std::move(*high), std::move(*low)};
}

}  // namespace frontdesk::tickets
