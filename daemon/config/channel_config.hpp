// SPDX-License-Identifier: Apache-2.0
// Checking `channels.<name>` against the keys the channel's plugin declares.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <frontdesk/plugin.h>

#include "config/config.hpp"

namespace frontdesk::config {

// Checks the channel's settings against `keys` (Fluent Bit style config map): an unknown
// key is an error that lists the valid ones, a value of the wrong type is an error naming
// the key and the expected type. Problems are appended to `errors` as "file:line: ...".
//
// Returns the plugin's configuration as JSON object text: every declared key with its
// default (default_json), overridden by the user's value. STRING, INT and BOOL keys become
// JSON strings, integers and booleans; LIST and MAP keys are converted as YAML reads them
// (plain scalars become numbers, booleans and null where they look like one; quoted ones
// stay strings). Keys with errors keep their defaults.
[[nodiscard]] std::string validate_channel_settings(const ChannelConfig& channel,
                                                    std::span<const fd_config_key> keys,
                                                    std::vector<std::string>& errors);

}  // namespace frontdesk::config
