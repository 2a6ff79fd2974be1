// SPDX-License-Identifier: Apache-2.0
#include "security/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <string>

namespace frontdesk::security {

namespace {

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 30 ms on one core here, so a
// login costs little and an offline guess costs the same 19 MiB.
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kPasses = 2;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMinLength = 10;
constexpr std::size_t kMaxLength = 256;  // argon2 takes any length; a bound keeps requests small

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string password_problem(std::string_view password) {
  if (code_points(password) < kMinLength) {
    return "a password has at least " + std::to_string(kMinLength) + " characters";
  }
  if (password.size() > kMaxLength) return "a password has at most " + std::to_string(kMaxLength) + " bytes";
  return {};
}

std::string hash_password(std::string_view password) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("password hashing: the system random source failed");
  }
  std::string encoded(argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id), '\0');
  const int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt.data(),
                                       salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("password hashing: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  if (!encoded.starts_with("$argon2id$") || password.size() > kMaxLength) return false;
  const std::string phc(encoded);  // argon2 wants a NUL-terminated string
  return argon2id_verify(phc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void spend_verification_time(std::string_view password) {
  static const std::string decoy = hash_password("frontdesk decoy password");
  (void)verify_password(decoy, password);
}

}  // namespace frontdesk::security
