// SPDX-License-Identifier: Apache-2.0
#include "events/event_types.hpp"

#include <algorithm>
#include <array>

namespace frontdesk::events {

namespace {

constexpr std::array<std::string_view, 16> kTypes{
    "ticket.created",  "ticket.updated",  "message.received", "message.created",
    "status.changed",  "assignment.changed", "sla.warning",   "sla.breached",
    "survey.answered", "ticket.merged",   "ticket.unmerged",  "ticket.split",
    "ticket.duplicate_suspected", "incident.opened", "incident.updated", "incident.resolved"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::span<const std::string_view> event_types() { return kTypes; }

bool is_event_type(std::string_view type) {
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

bool TypeFilter::matches(std::string_view type) const {
  if (types.empty()) return true;
  for (const auto& t : types) {
    if (t == type) return true;
    if (t == "message.created" && type == "message.received") return true;
  }
  return false;
}

std::optional<TypeFilter> parse_type_filter(std::string_view list, std::string& error) {
  TypeFilter filter;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    if (!is_event_type(item)) {
      error = "unknown event type '" + std::string(item) + "'";
      return std::nullopt;
    }
    filter.types.emplace_back(item);
  }
  return filter;
}

bool Audience::sees(const Event& e) const {
  if (e.type.empty() || !filter.matches(e.type)) return false;
  if (staff) return true;
  if (e.internal || e.customer_id != customer_id || e.customer_json.empty()) return false;
  if (ticket_scoped) {
    return std::find(e.scoped_tokens.begin(), e.scoped_tokens.end(), token_id) != e.scoped_tokens.end();
  }
  return true;
}

}  // namespace frontdesk::events
