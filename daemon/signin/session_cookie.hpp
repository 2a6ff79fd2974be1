// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Set-Cookie values of sign-in sessions. HttpOnly (no script reads them), SameSite=Lax
// (not sent with another site's forms or fetches, still sent when a link in an e-mail opens a
// page), Path=/ (the API and the pages share them), Secure when the public URL is https. Pure.
#include <chrono>
#include <string>
#include <string_view>

namespace frontdesk::signin {

[[nodiscard]] std::string session_cookie(std::string_view name, std::string_view value,
                                         std::chrono::seconds max_age, bool secure);

// The header value that makes a browser forget the cookie.
[[nodiscard]] std::string expired_cookie(std::string_view name, bool secure);

}  // namespace frontdesk::signin
