// SPDX-License-Identifier: Apache-2.0
#pragma once
// Passwords of people who sign in (agents): argon2id (libargon2), stored as the PHC string
// "$argon2id$v=19$m=…,t=…,p=…$salt$hash", so the cost can rise later without a migration.
#include <string>
#include <string_view>

namespace frontdesk::security {

// The limits a new password must meet; the reason it does not, or "" when it does.
[[nodiscard]] std::string password_problem(std::string_view password);

// A new PHC string for `password` with a random salt. Throws std::runtime_error if the
// random source or libargon2 fails.
[[nodiscard]] std::string hash_password(std::string_view password);

// Whether `password` matches `encoded` (a PHC string from hash_password); false for a
// malformed one.
[[nodiscard]] bool verify_password(std::string_view encoded, std::string_view password);

// Spends the time a verification takes, for a login whose account does not exist: the
// answer's timing must not tell which addresses have accounts.
void spend_verification_time(std::string_view password);

}  // namespace frontdesk::security
