// SPDX-License-Identifier: Apache-2.0
#include "security/tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace frontdesk::security {

namespace {

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out = base64_encode({reinterpret_cast<const char*>(data), size});
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

}  // namespace

std::string generate_token(std::string_view prefix) {
  std::array<unsigned char, 32> secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    throw std::runtime_error("token generation: the system random source failed");
  }
  std::string token(prefix);
  token += base64url(secret.data(), secret.size());
  OPENSSL_cleanse(secret.data(), secret.size());
  return token;
}

std::string token_digest(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int size = 0;
  if (EVP_Digest(token.data(), token.size(), md.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("token digest: SHA-256 failed");
  }
  return {reinterpret_cast<const char*>(md.data()), size};
}

std::string to_bytea_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void base64_encode_to(std::string_view bytes, char* out) {
  // EVP_EncodeBlock takes an int length: large inputs go in pieces of whole groups.
  constexpr std::size_t kPiece = std::size_t{3} << 24;
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), kPiece);
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(n));
    out += written;
    bytes.remove_prefix(n);
  }
}

std::string base64_encode(std::string_view bytes) {
  std::string out(base64_size(bytes.size()), '\0');
  base64_encode_to(bytes, out.data());
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace frontdesk::security
