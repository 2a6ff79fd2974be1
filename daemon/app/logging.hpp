// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "config/config.hpp"

namespace frontdesk::app {

// Logs go to stderr (journald adds its own timestamps under systemd).
void setup_logging(config::LogLevel level);
void set_log_level(config::LogLevel level);

}  // namespace frontdesk::app
