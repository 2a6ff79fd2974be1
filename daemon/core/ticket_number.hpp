// SPDX-License-Identifier: Apache-2.0
// Ticket numbers: `TKT-<unix seconds>-<6-digit sequence>`, e.g. TKT-1728563421-000001.
//
// The database hands out the sequence; this file and the SDK header it includes are the one
// C++ definition of the text format. Numbers are canonical: format_ticket_number never writes leading zeros in the
// seconds, and parse_ticket_number accepts exactly what it writes.
#pragma once

#include <frontdesk/ticket_number.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::core {

// Parsing is the plugin SDK's (include/frontdesk/ticket_number.hpp): channel plugins find
// ticket numbers in what customers write with the very same code.
using sdk::find_ticket_token;
using sdk::parse_ticket_number;
using sdk::ticket_number_prefix;
using sdk::TicketNumber;

inline constexpr std::int64_t ticket_sequence_modulus = 1'000'000;

// "TKT-<unix_seconds>-<sequence mod 1,000,000, zero-padded to 6 digits>". A negative
// sequence wraps like a counter (-1 → 999999). Throws std::invalid_argument for negative
// unix_seconds, which no ticket can have.
[[nodiscard]] std::string format_ticket_number(std::int64_t unix_seconds, std::int64_t sequence);
[[nodiscard]] std::string format_ticket_number(const TicketNumber& number);

}  // namespace frontdesk::core
