// SPDX-License-Identifier: Apache-2.0
#include "outbox/webhook_signature.hpp"

#include "security/tokens.hpp"

namespace frontdesk::outbox {

std::string webhook_signature(std::string_view secret, std::int64_t unix_time, std::string_view body) {
  const auto t = std::to_string(unix_time);
  std::string signed_text;
  signed_text.reserve(t.size() + 1 + body.size());
  signed_text += t;
  signed_text += '.';
  signed_text += body;
  return "t=" + t + ",v1=" + security::hmac_sha256_hex(secret, signed_text);
}

}  // namespace frontdesk::outbox
