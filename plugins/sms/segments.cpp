// SPDX-License-Identifier: Apache-2.0
#include "segments.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace frontdesk::sms {

namespace {

// GSM 03.38 default alphabet (beyond ASCII letters and digits) and extension table.
constexpr std::u32string_view kBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view kExtension = U"\f^{}\\[~]|€";

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) > s.size() - 1) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? static_cast<std::size_t>(extra) + 1 : 1;
  }
  return out;
}

}  // namespace

SegmentCount count_segments(std::string_view text) {
  const auto points = decode(text);
  std::size_t septets = 0;
  bool gsm = true;
  for (const char32_t cp : points) {
    if (kBasic.find(cp) != std::u32string_view::npos) {
      septets += 1;
    } else if (kExtension.find(cp) != std::u32string_view::npos) {
      septets += 2;
    } else {
      gsm = false;
      break;
    }
  }
  SegmentCount count;
  if (gsm) {
    count.encoding = "GSM-7";
    count.units = septets;
    count.segments = septets == 0 ? 1 : septets <= 160 ? 1 : (septets + 152) / 153;
    return count;
  }
  std::size_t units = 0;
  for (const char32_t cp : points) units += cp > 0xFFFF ? 2 : 1;
  count.encoding = "UCS-2";
  count.units = units;
  count.segments = units <= 70 ? 1 : (units + 66) / 67;
  return count;
}

}  // namespace frontdesk::sms
