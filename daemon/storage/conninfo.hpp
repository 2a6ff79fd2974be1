// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace frontdesk::storage {

// Masks every password (password=, sslpassword=, the user:password@ part of a URL and
// ?password= in its query) so the result is safe for logs and error messages. Never throws;
// a string it cannot make sense of comes back as a placeholder rather than leaking it.
std::string redact_conninfo(std::string_view conninfo);

// Returns a key=value conninfo equal to `conninfo` (URL or key=value form) with `key`
// set to `value`. Throws std::invalid_argument with libpq's message if it does not parse.
std::string conninfo_with(const std::string& conninfo, std::string_view key, std::string_view value);

// Quotes a value for the key=value form: 'it''s' style per libpq rules ('\'' and '\\').
std::string quote_conninfo_value(std::string_view value);

}  // namespace frontdesk::storage
