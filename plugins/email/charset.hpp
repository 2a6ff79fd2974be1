// SPDX-License-Identifier: Apache-2.0
// Text from mail into valid UTF-8. Conversion uses glibc's iconv rather than Poco's
// TextEncoding, which lacks ISO-2022-JP, Shift_JIS, EUC-KR, GB2312/GBK, KOI8-R and others
// that real mail uses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::email {

// `bytes` in `charset` (any name iconv knows, case-insensitive) converted to UTF-8. For ""
// and US-ASCII, 8-bit bytes are read as UTF-8 when valid, else as Windows-1252. Unknown charsets and undecodable bytes
// never fail: the result is always valid UTF-8, with U+FFFD for what could not be read.
[[nodiscard]] std::string to_utf8(std::string_view bytes, std::string_view charset);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD and NUL bytes removed.
[[nodiscard]] std::string sanitize_utf8(std::string_view text);

// At most `max_bytes` of valid UTF-8 `text`, cut at a character boundary.
[[nodiscard]] std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace frontdesk::email
