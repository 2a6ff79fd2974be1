// Ticket numbers: `TKT-<unix seconds>-<6-digit sequence>`, e.g. TKT-1728563421-000001.
//
// The database hands out the sequence; this file is the one C++ definition of the text
// format. Numbers are canonical: format_ticket_number never writes leading zeros in the
// seconds, and parse_ticket_number accepts exactly what it writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::core {

inline constexpr std::string_view ticket_number_prefix = "TKT-";
inline constexpr std::int64_t ticket_sequence_modulus = 1'000'000;

struct TicketNumber {
  std::int64_t unix_seconds = 0;
  std::int64_t sequence = 0;  // 0..999999

  friend bool operator==(const TicketNumber&, const TicketNumber&) = default;
};

// "TKT-<unix_seconds>-<sequence mod 1,000,000, zero-padded to 6 digits>". A negative
// sequence wraps like a counter (-1 → 999999). Throws std::invalid_argument for negative
// unix_seconds, which no ticket can have.
[[nodiscard]] std::string format_ticket_number(std::int64_t unix_seconds, std::int64_t sequence);
[[nodiscard]] std::string format_ticket_number(const TicketNumber& number);

// Strict: upper-case "TKT-", the seconds as digits without sign or leading zero (except
// "0" itself) that fit an int64, "-", exactly 6 digits, nothing else.
[[nodiscard]] std::optional<TicketNumber> parse_ticket_number(std::string_view text) noexcept;

// The first `[TKT-…]` token in an email subject whose content is a valid ticket number,
// returned in canonical form ("[tkt-1-000002]" gives "TKT-1-000002"). The prefix is
// matched case-insensitively; no spaces are allowed inside the brackets.
[[nodiscard]] std::optional<std::string> find_ticket_token(std::string_view subject);

}  // namespace frontdesk::core
