// SPDX-License-Identifier: Apache-2.0
#include "realtime/signal.hpp"

#include <boost/json.hpp>

namespace frontdesk::realtime {

namespace json = boost::json;

std::string_view to_string(Signal::Kind kind) {
  return kind == Signal::Kind::typing ? "typing" : "viewing";
}

std::optional<Signal::Kind> parse_signal_kind(std::string_view text) {
  if (text == "typing") return Signal::Kind::typing;
  if (text == "viewing") return Signal::Kind::viewing;
  return std::nullopt;
}

std::string encode(const Signal& s) {
  return json::serialize(json::object{{"kind", to_string(s.kind)},
                                      {"ticketId", s.ticket_id},
                                      {"ticketNumber", s.ticket_number},
                                      {"customerId", s.customer_id},
                                      {"channel", s.channel},
                                      {"fromAgent", s.from_agent},
                                      {"actorId", s.actor_id},
                                      {"actorName", s.actor_name},
                                      {"expiresIn", s.expires_in.count()}});
}

std::optional<Signal> decode(std::string_view payload) {
  try {
    const auto v = json::parse(payload);
    const auto& o = v.as_object();
    const auto kind = parse_signal_kind(o.at("kind").as_string());
    if (!kind) return std::nullopt;
    Signal s;
    s.kind = *kind;
    s.ticket_id = o.at("ticketId").to_number<std::int64_t>();
    s.ticket_number = json::value_to<std::string>(o.at("ticketNumber"));
    s.customer_id = o.at("customerId").to_number<std::int64_t>();
    s.channel = json::value_to<std::string>(o.at("channel"));
    s.from_agent = o.at("fromAgent").as_bool();
    s.actor_id = o.at("actorId").to_number<std::int64_t>();
    s.actor_name = json::value_to<std::string>(o.at("actorName"));
    s.expires_in = std::chrono::milliseconds(o.at("expiresIn").to_number<std::int64_t>());
    return s;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace frontdesk::realtime
