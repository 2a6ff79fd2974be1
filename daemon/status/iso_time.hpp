// SPDX-License-Identifier: Apache-2.0
#pragma once
// Whether text is an ISO 8601 date and time with its offset, as the API takes them:
// 2026-12-24T22:00:00Z, 2026-12-24T22:00:00.5+01:00, 2026-12-24T22:00Z. Pure.
#include <string_view>

namespace frontdesk::status {

[[nodiscard]] bool is_iso_time(std::string_view text) noexcept;

}  // namespace frontdesk::status
