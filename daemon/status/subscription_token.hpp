// SPDX-License-Identifier: Apache-2.0
#pragma once
// The tokens in subscription links: "<subscriber id>.<purpose>.<HMAC-SHA256 hex>", the HMAC
// taken with the installation's secret (status_secret) over the id, the purpose and the
// subscriber's nonce. The nonce stays in the database: unsubscribing replaces it, so a link
// that has been used (or one made before) no longer verifies. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::status {

enum class TokenPurpose : char { confirm = 'c', unsubscribe = 'u' };

[[nodiscard]] std::string make_token(std::string_view secret, std::int64_t subscriber, TokenPurpose purpose,
                                     std::string_view nonce);

struct TokenClaim {
  std::int64_t subscriber = 0;
  TokenPurpose purpose = TokenPurpose::confirm;
};

// What the token claims, read without checking it (nullopt: not a token's shape).
[[nodiscard]] std::optional<TokenClaim> read_token(std::string_view token) noexcept;

// Whether `token` is the one make_token gives for its claim and `nonce`.
[[nodiscard]] bool token_matches(std::string_view secret, std::string_view token, std::string_view nonce);

}  // namespace frontdesk::status
