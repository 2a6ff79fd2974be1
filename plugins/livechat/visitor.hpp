// SPDX-License-Identifier: Apache-2.0
#pragma once
// Who is chatting: an anonymous visitor, known by a random token the widget keeps, or a user
// of the host site, vouched for by the site's HMAC-SHA256 of the user id (identity_secret).
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace frontdesk::livechat {

struct Visitor {
  // The anonymous visitor's token: the one the client sent, or a new one it is to keep;
  // empty for an identified user.
  std::string token;
  // The customer identity stored for the visitor (identity kind "livechat"): "v-" and a
  // digest of the token (the token itself is the visitor's key and is never stored), or
  // "u-" and the site's user id.
  std::string identity;
  bool verified = false;
};

struct Refusal {
  std::string code;  // bad_frame: malformed; forbidden: not vouched for
  std::string reason;
};

// From the hello: `user` (1-200 bytes of printable text) with `hmac` (hex HMAC-SHA256 of it),
// or else `visitor_token` (22-128 characters of A-Z a-z 0-9 - _), or else nothing: a new
// anonymous visitor with a new random token.
std::variant<Visitor, Refusal> identify(std::string_view visitor_token, const std::optional<std::string>& user,
                                        std::string_view hmac, std::string_view identity_secret);

}  // namespace frontdesk::livechat
