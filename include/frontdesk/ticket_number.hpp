// SPDX-License-Identifier: Apache-2.0
// Frontdesk ticket numbers for plugins: `TKT-<unix seconds>-<6-digit sequence>`, e.g.
// TKT-1728563421-000001. A channel that finds a number in what a customer wrote (an email
// subject's `[TKT-…]`) passes it as the message's ticket_ref. Header-only, standard library
// only; frontdeskd's own parser (daemon/core/ticket_number.hpp) is this one.
#ifndef FRONTDESK_TICKET_NUMBER_HPP
#define FRONTDESK_TICKET_NUMBER_HPP

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace frontdesk::sdk {

inline constexpr std::string_view ticket_number_prefix = "TKT-";
inline constexpr std::size_t ticket_sequence_digits = 6;

struct TicketNumber {
  std::int64_t unix_seconds = 0;
  std::int64_t sequence = 0;  // 0..999999

  friend bool operator==(const TicketNumber&, const TicketNumber&) = default;
};

// Strict: upper-case "TKT-", the seconds as digits without sign or leading zero (except
// "0" itself) that fit an int64, "-", exactly 6 digits, nothing else.
[[nodiscard]] inline std::optional<TicketNumber> parse_ticket_number(std::string_view text) noexcept {
  auto all_digits = [](std::string_view digits) {
    for (const char c : digits) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !digits.empty();
  };
  if (!text.starts_with(ticket_number_prefix)) {
    return std::nullopt;
  }
  text.remove_prefix(ticket_number_prefix.size());
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view seconds = text.substr(0, dash);
  const std::string_view sequence = text.substr(dash + 1);
  if (!all_digits(seconds) || (seconds.size() > 1 && seconds.front() == '0')) {
    return std::nullopt;
  }
  if (sequence.size() != ticket_sequence_digits || !all_digits(sequence)) {
    return std::nullopt;
  }
  TicketNumber number;
  const auto [end, error] =
      std::from_chars(seconds.data(), seconds.data() + seconds.size(), number.unix_seconds);
  if (error != std::errc{} || end != seconds.data() + seconds.size()) {
    return std::nullopt;  // more than an int64 holds
  }
  for (const char c : sequence) {
    number.sequence = number.sequence * 10 + (c - '0');
  }
  return number;
}

// The first `[TKT-…]` token in an email subject whose content is a valid ticket number,
// returned in canonical form ("[tkt-1-000002]" gives "TKT-1-000002"). The prefix is
// matched case-insensitively; no spaces are allowed inside the brackets.
[[nodiscard]] inline std::optional<std::string> find_ticket_token(std::string_view subject) {
  for (auto open = subject.find('['); open != std::string_view::npos;
       open = subject.find('[', open + 1)) {
    const auto close = subject.find(']', open + 1);
    if (close == std::string_view::npos) {
      return std::nullopt;  // no later '[' can be closed either
    }
    const std::string_view content = subject.substr(open + 1, close - open - 1);
    if (content.size() <= ticket_number_prefix.size()) {
      continue;
    }
    std::string candidate(content);
    for (std::size_t i = 0; i < ticket_number_prefix.size(); ++i) {
      const char c = candidate[i];
      candidate[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (parse_ticket_number(candidate)) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace frontdesk::sdk

#endif  // FRONTDESK_TICKET_NUMBER_HPP
