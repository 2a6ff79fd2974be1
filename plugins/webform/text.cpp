// SPDX-License-Identifier: Apache-2.0
#include "text.hpp"

#include <algorithm>

namespace frontdesk::webform {

namespace {

bool is_continuation(unsigned char c) noexcept {
  return (c & 0xC0U) == 0x80U;
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    // Bounds of the second byte narrow the lead byte's range (RFC 3629 section 4).
    unsigned char low = 0x80U;
    unsigned char high = 0xBFU;
    if (c >= 0xC2U && c <= 0xDFU) {
      length = 2;
    } else if (c >= 0xE0U && c <= 0xEFU) {
      length = 3;
      if (c == 0xE0U) {
        low = 0xA0U;  // no overlong 3-byte forms
      } else if (c == 0xEDU) {
        high = 0x9FU;  // no UTF-16 surrogates
      }
    } else if (c >= 0xF0U && c <= 0xF4U) {
      length = 4;
      if (c == 0xF0U) {
        low = 0x90U;  // no overlong 4-byte forms
      } else if (c == 0xF4U) {
        high = 0x8FU;  // nothing above U+10FFFF
      }
    } else {
      return false;  // a continuation byte, an overlong lead (C0, C1) or F5..FF
    }
    if (n - i < length) {
      return false;
    }
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) {
      return false;
    }
    for (std::size_t k = 2; k < length; ++k) {
      if (!is_continuation(static_cast<unsigned char>(text[i + k]))) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

std::size_t count_code_points(std::string_view text) noexcept {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !is_continuation(static_cast<unsigned char>(c));
  }));
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) {
    return text;
  }
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation(static_cast<unsigned char>(text[end]))) {
    --end;
  }
  return text.substr(0, end);
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool has_control_chars(std::string_view text, bool allow_line_breaks) noexcept {
  return std::any_of(text.begin(), text.end(), [allow_line_breaks](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    if (allow_line_breaks && (c == '\t' || c == '\r' || c == '\n')) {
      return false;
    }
    return c < 0x20U || c == 0x7FU;
  });
}

std::string printable_ascii(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (const char ch : text) {
    if (out.size() == max_bytes) {
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20U && c < 0x7FU) {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace frontdesk::webform
