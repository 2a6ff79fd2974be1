// SPDX-License-Identifier: Apache-2.0
#pragma once
// How many SMS segments a text takes: GSM 03.38 7-bit when every character is in the
// default alphabet or its extension table (which costs two septets), else UCS-2.
#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::sms {

struct SegmentCount {
  std::string encoding;  // "GSM-7" or "UCS-2"
  std::size_t units = 0;     // septets (GSM-7) or UTF-16 code units (UCS-2)
  std::size_t segments = 0;  // 160/153 septets or 70/67 units per segment
};

// `text` is UTF-8 (invalid sequences count as one UCS-2 unit each).
SegmentCount count_segments(std::string_view text);

}  // namespace frontdesk::sms
