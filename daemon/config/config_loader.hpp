// SPDX-License-Identifier: Apache-2.0
// Loading frontdesk.yaml into a Config.
//
// Reading collects every problem before giving up, so an admin fixes a file in one pass:
// a ConfigError lists them all as "file:line: message".
#pragma once

#include <filesystem>
#include <string_view>

#include "config/config.hpp"
#include "config/config_error.hpp"

namespace frontdesk::config {

// Reads and checks the file. Throws ConfigError when it is missing or unreadable, is not
// valid YAML, or holds unknown keys or bad values. Messages name the file as `path` is
// written.
[[nodiscard]] Config load_config(const std::filesystem::path& path);

// The same from text; `filename` is used in messages. An empty text gives all defaults.
[[nodiscard]] Config load_config_string(std::string_view yaml, std::string_view filename);

}  // namespace frontdesk::config
