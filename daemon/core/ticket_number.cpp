#include "core/ticket_number.hpp"

#include <charconv>
#include <stdexcept>
#include <system_error>

namespace frontdesk::core {
namespace {

constexpr std::size_t sequence_digits = 6;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) noexcept {
  for (const char c : text) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return !text.empty();
}

char to_upper_ascii(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

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

std::optional<TicketNumber> parse_ticket_number(std::string_view text) noexcept {
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
  if (sequence.size() != sequence_digits || !all_digits(sequence)) {
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

std::optional<std::string> find_ticket_token(std::string_view subject) {
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
      candidate[i] = to_upper_ascii(candidate[i]);
    }
    if (parse_ticket_number(candidate)) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace frontdesk::core
