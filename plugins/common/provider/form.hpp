// SPDX-License-Identifier: Apache-2.0
#pragma once
// application/x-www-form-urlencoded bodies and query strings ('+' is a space).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::provider {

using FormParams = std::vector<std::pair<std::string, std::string>>;

// The decoded name/value pairs in order, or nullopt when the text is not valid
// percent-encoding.
std::optional<FormParams> parse_form(std::string_view text);

// The first value of `name`, or "".
std::string form_value(const FormParams& params, std::string_view name);

// name=value&... with every byte outside unreserved percent-encoded.
std::string encode_form(const FormParams& params);

}  // namespace frontdesk::provider
