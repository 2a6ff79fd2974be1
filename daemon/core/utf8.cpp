// SPDX-License-Identifier: Apache-2.0
#include "core/utf8.hpp"

#include <cstddef>

namespace frontdesk::core {

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The lead byte fixes the length and the allowed range of the first continuation
    // byte, which is how overlong forms, surrogates and values above U+10FFFF are refused.
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      low = 0xA0;  // not overlong
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3;
      high = 0x9F;  // not U+D800..U+DFFF
    } else if (lead == 0xF0) {
      length = 4;
      low = 0x90;  // not overlong
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      high = 0x8F;  // not above U+10FFFF
    } else {
      return false;  // a continuation byte, 0xC0/0xC1, or 0xF5..0xFF
    }
    if (size - i < length) {
      return false;
    }
    if (bytes[i + 1] < low || bytes[i + 1] > high) {
      return false;
    }
    for (std::size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

}  // namespace frontdesk::core
