// SPDX-License-Identifier: Apache-2.0
#include "status/subscription_token.hpp"

#include "security/tokens.hpp"

#include <charconv>

namespace frontdesk::status {

namespace {

std::string signed_text(std::int64_t subscriber, TokenPurpose purpose, std::string_view nonce) {
  return "status-subscriber:" + std::to_string(subscriber) + ":" + static_cast<char>(purpose) + ":" +
         std::string(nonce);
}

}  // namespace

std::string make_token(std::string_view secret, std::int64_t subscriber, TokenPurpose purpose,
                       std::string_view nonce) {
  return std::to_string(subscriber) + "." + static_cast<char>(purpose) + "." +
         security::hmac_sha256_hex(secret, signed_text(subscriber, purpose, nonce));
}

std::optional<TokenClaim> read_token(std::string_view token) noexcept {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() != dot + 3 + 64 || token[dot + 2] != '.') return std::nullopt;
  TokenClaim claim;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + dot, claim.subscriber);
  if (ec != std::errc() || end != token.data() + dot || claim.subscriber <= 0) return std::nullopt;
  const char purpose = token[dot + 1];
  if (purpose != 'c' && purpose != 'u') return std::nullopt;
  claim.purpose = static_cast<TokenPurpose>(purpose);
  return claim;
}

bool token_matches(std::string_view secret, std::string_view token, std::string_view nonce) {
  const auto claim = read_token(token);
  if (!claim) return false;
  return security::constant_time_equal(token, make_token(secret, claim->subscriber, claim->purpose, nonce));
}

}  // namespace frontdesk::status
