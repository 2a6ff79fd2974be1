// SPDX-License-Identifier: Apache-2.0
#include "core/ticket_number.hpp"

#include <stdexcept>

namespace frontdesk::core {
namespace {

constexpr std::size_t sequence_digits = sdk::ticket_sequence_digits;
}  // namespace

std::string format_ticket_number(std::int64_t unix_seconds, std::int64_t sequence) {
  if (unix_seconds < 0) {
    throw std::invalid_argument("ticket number: negative unix time " +
                                std::to_string(unix_seconds));
  }
  std::int64_t suffix = sequence % ticket_sequence_modulus;
  if (suffix < 0) {
    suffix += ticket_sequence_modulus;
  }
  std::string digits = std::to_string(suffix);
  std::string out(ticket_number_prefix);
  out += std::to_string(unix_seconds);
  out += '-';
  out.append(sequence_digits - digits.size(), '0');
  out += digits;
  return out;
}

std::string format_ticket_number(const TicketNumber& number) {
  return format_ticket_number(number.unix_seconds, number.sequence);
}

}  // namespace frontdesk::core
