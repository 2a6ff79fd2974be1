// SPDX-License-Identifier: Apache-2.0
// log.level as spdlog's level.
#pragma once

#include <spdlog/common.h>

#include "config/config.hpp"

namespace frontdesk::config {

[[nodiscard]] spdlog::level::level_enum to_spdlog_level(LogLevel level) noexcept;

}  // namespace frontdesk::config
