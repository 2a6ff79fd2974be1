// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: any bytes as what the status page's public routes parse from strangers:
// a time (is_iso_time) and a subscription token (read_token, token_matches). They must never
// crash, and a token that reads must name a positive subscriber and a known purpose.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "status/iso_time.hpp"
#include "status/subscription_token.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static_cast<void>(frontdesk::status::is_iso_time(input));
  if (const auto claim = frontdesk::status::read_token(input)) {
    using frontdesk::status::TokenPurpose;
    if (claim->subscriber <= 0) std::abort();
    if (claim->purpose != TokenPurpose::confirm && claim->purpose != TokenPurpose::unsubscribe) std::abort();
  }
  if (frontdesk::status::token_matches("fuzz secret", input, "nonce")) {
    // Only make_token's own output verifies; the fuzzer cannot forge an HMAC.
    const auto claim = frontdesk::status::read_token(input);
    if (!claim || frontdesk::status::make_token("fuzz secret", claim->subscriber, claim->purpose, "nonce") != input) {
      std::abort();
    }
  }
  return 0;
}
