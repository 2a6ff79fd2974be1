// SPDX-License-Identifier: Apache-2.0
// Small text helpers for web form input: UTF-8 checks, trimming, ASCII case folding.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::webform {

// Whether `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequence.
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

// Number of code points in well-formed UTF-8 `text`.
[[nodiscard]] std::size_t count_code_points(std::string_view text) noexcept;

// The longest prefix of well-formed UTF-8 `text` with at most `max_bytes` bytes that does
// not split a code point.
[[nodiscard]] std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) noexcept;

// `text` without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

[[nodiscard]] std::string to_lower_ascii(std::string_view text);

[[nodiscard]] bool iequals_ascii(std::string_view a, std::string_view b) noexcept;

// Whether `text` contains a C0 control character or DEL. `allow_line_breaks` permits
// tab, CR and LF (multi-line text); NUL is never allowed.
[[nodiscard]] bool has_control_chars(std::string_view text, bool allow_line_breaks) noexcept;

// `text` with every byte outside printable ASCII dropped, cut to `max_bytes`. For header
// values that are only ever logged or stored as metadata.
[[nodiscard]] std::string printable_ascii(std::string_view text, std::size_t max_bytes);

}  // namespace frontdesk::webform
