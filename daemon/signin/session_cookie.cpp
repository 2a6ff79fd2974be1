// SPDX-License-Identifier: Apache-2.0
#include "signin/session_cookie.hpp"

namespace frontdesk::signin {

namespace {

std::string attributes(bool secure) {
  return secure ? "; Path=/; HttpOnly; SameSite=Lax; Secure" : "; Path=/; HttpOnly; SameSite=Lax";
}

}  // namespace

std::string session_cookie(std::string_view name, std::string_view value, std::chrono::seconds max_age,
                           bool secure) {
  return std::string(name) + "=" + std::string(value) + "; Max-Age=" + std::to_string(max_age.count()) +
         attributes(secure);
}

std::string expired_cookie(std::string_view name, bool secure) {
  return std::string(name) + "=; Max-Age=0" + attributes(secure);
}

}  // namespace frontdesk::signin
