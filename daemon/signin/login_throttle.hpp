// SPDX-License-Identifier: Apache-2.0
#pragma once
// Brute force is slowed where every daemon of a cluster sees it, in login_failures: an
// address typed into the login form is locked after 5 failures in 15 minutes (whatever the
// password then), a client address after 30 (one client trying many accounts).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::signin {

struct Refusal {
  std::string code;  // "account_locked" or "too_many_attempts"
  std::chrono::seconds retry_after;
};

// Why this login may not be tried now, if it may not.
std::optional<Refusal> login_refusal(storage::Connection& db, std::string_view email, std::string_view client);

// Counts a failure (committed at once: the failed call itself changes nothing else).
void record_login_failure(storage::Connection& db, std::string_view email, std::string_view client);

// A successful login forgets the address's failures; old rows of everyone are dropped.
void clear_login_failures(storage::Connection& db, std::string_view email);

}  // namespace frontdesk::signin
