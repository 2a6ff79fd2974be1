// SPDX-License-Identifier: Apache-2.0
#pragma once
// A signal: something about a ticket that lasts seconds and is never stored — someone is
// typing on it, an agent has it open. It says how long it holds (`expires_in`); whoever shows
// it drops it after that unless it comes again, so nothing ever has to be cleared and a
// daemon that dies leaves nothing behind. Pure: no I/O.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::realtime {

// How long a typing signal holds: senders repeat it more often than this while typing goes on.
inline constexpr std::chrono::milliseconds kTypingLasts{6000};
// How long "has it open" holds: a console repeats it while the ticket stays open.
inline constexpr std::chrono::milliseconds kViewingLasts{30000};

struct Signal {
  enum class Kind { typing, viewing };
  Kind kind = Kind::typing;
  std::int64_t ticket_id = 0;
  std::string ticket_number;
  std::int64_t customer_id = 0;  // the ticket's customer (who else may see the signal)
  std::string channel;           // the ticket's channel
  bool from_agent = false;       // an agent (or admin), else the ticket's customer
  std::int64_t actor_id = 0;     // agents.id or customers.id; 0 for the bootstrap admin
  std::string actor_name;
  std::chrono::milliseconds expires_in{0};
};

std::string_view to_string(Signal::Kind kind);
std::optional<Signal::Kind> parse_signal_kind(std::string_view text);

// The signal as it travels between daemons (NOTIFY payload), and back; nullopt for a payload
// that is not one.
std::string encode(const Signal& s);
std::optional<Signal> decode(std::string_view payload);

}  // namespace frontdesk::realtime
