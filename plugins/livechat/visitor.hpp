// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who is chatting: an anonymous visitor, known by a random token the widget keeps, or a user
// of the host site, vouched for by the site's HMAC-SHA256 of the user id (identity_secret).
#include <string>
#include <string_view>
#include <variant>

namespace frontdesk::livechat {

struct Visitor {
  // The customer identity stored for the visitor (identity kind "livechat"): "v-" and a
  // digest of the token (the token itself is the visitor's key and is never stored), or
  // "u-" and the site's user id.
  std::string identity;
  bool verified = false;
};

struct Refusal {
  unsigned status;  // 400 malformed, 403 not vouched for
  std::string reason;
};

// From the upgrade request's query parameters: `visitor` (22-128 characters of A-Z a-z 0-9
// - _), or `user` (1-200 bytes of printable text) with `hash` (hex HMAC-SHA256 of it).
std::variant<Visitor, Refusal> identify(std::string_view visitor_token, std::string_view user,
                                        std::string_view hash, std::string_view identity_secret);

}  // namespace frontdesk::livechat
