// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the sign-in routes need beside the request: the pool, the bootstrap token (an
// integrator's calls to /api/v1/auth/session work with it too), the links' base URL, and
// the message catalogues the portal link's mail is written from.
#include <string>

namespace frontdesk::storage {
class Database;
}
namespace frontdesk::web {
class Site;
}

namespace frontdesk::signin {

struct SignInContext {
  storage::Database& db;
  std::string bootstrap_admin_token;
  std::string public_url;  // without a trailing '/'
  const web::Site* site = nullptr;
  [[nodiscard]] bool secure_cookies() const { return public_url.starts_with("https://"); }
};

}  // namespace frontdesk::signin
