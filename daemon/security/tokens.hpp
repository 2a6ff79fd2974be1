// SPDX-License-Identifier: Apache-2.0
#pragma once
// API tokens: random secrets shown once, stored only as SHA-256 digests.
#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::security {

// A new token: a role prefix ("fdc_" customer, "fda_" agent, "fdx_" admin) followed by 256
// random bits in unpadded base64url. The prefix lets secret scanners recognise leaked ones.
std::string generate_token(std::string_view prefix);

// SHA-256 of the token as raw bytes (32 of them).
std::string token_digest(std::string_view token);

// The digest as a PostgreSQL bytea literal in hex form ("\x…"), for text parameters.
std::string to_bytea_hex(std::string_view bytes);

// Lower-case hex HMAC-SHA256 of `message` keyed by `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// Standard base64 (with padding), as attachments travel to the database.
std::string base64_encode(std::string_view bytes);
// The same written to `out`, which has room for base64_size(bytes.size()) characters.
[[nodiscard]] constexpr std::size_t base64_size(std::size_t bytes) noexcept { return 4 * ((bytes + 2) / 3); }
void base64_encode_to(std::string_view bytes, char* out);

}  // namespace frontdesk::security
