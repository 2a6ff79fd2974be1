// SPDX-License-Identifier: Apache-2.0
#pragma once
// Typing and viewing on the WebSocket stream (docs/events.md, "Presence and typing"): what a
// client may send ({"type": "typing" | "viewing", "ticketId": n}), and the frame a signal
// becomes for a client that may see it. Pure: no I/O.
#include "events/event_types.hpp"
#include "realtime/signal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace frontdesk::events {

struct SignalRequest {
  realtime::Signal::Kind kind = realtime::Signal::Kind::typing;
  std::int64_t ticket_id = 0;
};
struct FrameError {
  std::string code;
  std::string message;
};

// A client's frame after its stream started: a signal to send, or why not.
std::variant<SignalRequest, FrameError> parse_signal_request(std::string_view frame,
                                                             const Audience& audience);

// {"type": "typing"|"viewing", "ticketId", "ticketNumber", "who": {"kind": "agent"|"customer",
// "id", "name"}, "expiresIn": ms}, or nullopt when `audience` may not see it: staff see every
// signal but their own; a customer sees agents typing on their own tickets.
std::optional<std::string> signal_frame(const realtime::Signal& s, const Audience& audience);

}  // namespace frontdesk::events
