// SPDX-License-Identifier: Apache-2.0
#pragma once
// The providers' webhook signatures: HMAC over the request, compared in constant time.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::provider {

// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Base64 of HMAC-SHA1(key, data).
std::string hmac_sha1_base64(std::string_view key, std::string_view data);

// Standard base64 with padding (HTTP basic credentials).
std::string base64(std::string_view data);

// Constant-time equality (the time depends on the lengths only).
bool equal_constant_time(std::string_view a, std::string_view b);

// WhatsApp (Meta) X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body with
// the app secret. Hex digits are compared case-insensitively.
bool valid_hub_signature(std::string_view header, std::string_view body,
                         std::string_view app_secret);

// Twilio X-Twilio-Signature: base64 HMAC-SHA1 of the URL Twilio called followed by every
// POST parameter's name and value, sorted by name (then value), with the auth token.
std::string twilio_signature(std::string_view auth_token, std::string_view url,
                             std::vector<std::pair<std::string, std::string>> params);
bool valid_twilio_signature(std::string_view header, std::string_view auth_token,
                            std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params);

}  // namespace frontdesk::provider
