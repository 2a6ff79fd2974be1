// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which channel a proactive notification may use: the first of the caller's channels on
// which the customer is opted in. A customer is opted in on a channel when they have an
// identity there (an address, a phone number, a WhatsApp id), have not opted out (STOP,
// unsubscribe: channel_opt_outs), the channel is enabled, and, for WhatsApp, they have
// written to us on WhatsApp or their opt-in was recorded (customer_opt_ins).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::notifications {

inline constexpr std::array<std::string_view, 3> kChannels{"whatsapp", "sms", "email"};

struct ChannelChoice {
  std::string channel;   // empty: none may be used
  std::string to_kind;   // the identity's kind (email, phone, whatsapp)
  std::string to_value;
  std::string refusals;  // why each channel was passed over: "whatsapp: opted out; email: no address"
};

[[nodiscard]] ChannelChoice choose_channel(storage::Connection& db, std::int64_t customer_id,
                                           std::span<const std::string> channels);

}  // namespace frontdesk::notifications
