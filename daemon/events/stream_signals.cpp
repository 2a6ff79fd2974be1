// SPDX-License-Identifier: Apache-2.0
#include "events/stream_signals.hpp"

#include <boost/json.hpp>

namespace frontdesk::events {

namespace json = boost::json;

std::variant<SignalRequest, FrameError> parse_signal_request(std::string_view frame,
                                                             const Audience& audience) {
  json::error_code ec;
  const auto value = json::parse(frame, ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* type = object ? object->if_contains("type") : nullptr;
  const auto kind =
      type && type->is_string() ? realtime::parse_signal_kind(type->as_string()) : std::nullopt;
  if (!kind)
    return FrameError{"bad_frame", "send {\"type\": \"typing\" | \"viewing\", \"ticketId\": <id>}"};
  const auto* ticket = object->if_contains("ticketId");
  if (ticket == nullptr || !ticket->is_int64() || ticket->as_int64() <= 0) {
    return FrameError{"bad_frame", "ticketId must be a ticket's id"};
  }
  if (!audience.staff) return FrameError{"forbidden", "only agents send typing and viewing"};
  return SignalRequest{*kind, ticket->as_int64()};
}

std::optional<std::string> signal_frame(const realtime::Signal& s, const Audience& audience) {
  if (audience.staff) {
    if (s.from_agent && s.actor_id != 0 && s.actor_id == audience.agent_id) return std::nullopt;
  } else if (!(s.kind == realtime::Signal::Kind::typing && s.from_agent &&
               !audience.ticket_scoped && s.customer_id == audience.customer_id)) {
    return std::nullopt;
  }
  return json::serialize(
      json::object{{"type", realtime::to_string(s.kind)},
                   {"ticketId", s.ticket_id},
                   {"ticketNumber", s.ticket_number},
                   {"who", json::object{{"kind", s.from_agent ? "agent" : "customer"},
                                        {"id", s.actor_id},
                                        {"name", s.actor_name}}},
                   {"expiresIn", s.expires_in.count()}});
}

}  // namespace frontdesk::events
