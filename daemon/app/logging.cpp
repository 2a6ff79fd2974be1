// SPDX-License-Identifier: Apache-2.0
#include "app/logging.hpp"

#include "config/log_level.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace frontdesk::app {

void setup_logging(config::LogLevel level) {
  auto logger = spdlog::stderr_color_mt("frontdesk");
  // Under systemd the journal stamps each line itself; elsewhere a timestamp helps.
  if (std::getenv("JOURNAL_STREAM") != nullptr) {
    logger->set_pattern("%^%l%$: %v");
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  }
  spdlog::set_default_logger(logger);
  set_log_level(level);
}

void set_log_level(config::LogLevel level) {
  spdlog::set_level(config::to_spdlog_level(level));
}

}  // namespace frontdesk::app
