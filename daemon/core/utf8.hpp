// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation for text that enters the system (subjects, bodies, names).
#pragma once

#include <string_view>

namespace frontdesk::core {

// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence. NUL is valid UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace frontdesk::core
