// SPDX-License-Identifier: Apache-2.0
#include "widget/availability.hpp"

#include "storage/connection.hpp"

namespace frontdesk::widget {

Reach decide(bool chat_enabled, const sla::Calendar* calendar, sla::Instant now, bool agent_free) {
  if (!chat_enabled) return Reach::disabled;
  if (calendar != nullptr && calendar->between(now, now + std::chrono::seconds(1)).count() == 0)
    return Reach::closed;
  return agent_free ? Reach::chat : Reach::no_agent;
}

boost::json::object availability_body(Reach reach) {
  boost::json::object out{{"chat", reach == Reach::chat}, {"reason", nullptr}};
  if (reach == Reach::disabled) out["reason"] = "disabled";
  if (reach == Reach::closed) out["reason"] = "closed";
  if (reach == Reach::no_agent) out["reason"] = "no_agent";
  return out;
}

bool agent_free(storage::Connection& c) {
  return c
      .exec(
          "SELECT EXISTS (SELECT 1 FROM agents WHERE availability = 'available' AND open_tickets < "
          "max_concurrent)")
      .get<bool>(0, 0);
}

}  // namespace frontdesk::widget
