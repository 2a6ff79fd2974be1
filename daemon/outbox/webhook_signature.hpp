// SPDX-License-Identifier: Apache-2.0
#pragma once
// The signature of a webhook subscription's delivery (docs/events.md): the header
// `X-Frontdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the
// subscription's secret>`. Signed at each attempt, so `t` is the time of the attempt and a
// receiver can refuse old ones.
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::outbox {

inline constexpr std::string_view kSignatureHeader = "X-Frontdesk-Signature";

// "t=<unix_time>,v1=<security::hmac_sha256_hex(secret, "<unix_time>.<body>")>"
std::string webhook_signature(std::string_view secret, std::int64_t unix_time, std::string_view body);

}  // namespace frontdesk::outbox
