// SPDX-License-Identifier: Apache-2.0
#include "visitor.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "provider/signatures.hpp"

namespace frontdesk::livechat {

namespace {

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// 192 random bits, base64url without padding (32 characters).
std::string new_token() {
  std::array<unsigned char, 24> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("no random bytes");
  std::array<unsigned char, 33> encoded{};
  EVP_EncodeBlock(encoded.data(), bytes.data(), static_cast<int>(bytes.size()));
  std::string token(reinterpret_cast<const char*>(encoded.data()), 32);
  std::replace(token.begin(), token.end(), '+', '-');
  std::replace(token.begin(), token.end(), '/', '_');
  return token;
}

}  // namespace

std::variant<Visitor, Refusal> identify(std::string_view visitor_token, const std::optional<std::string>& user,
                                        std::string_view hmac, std::string_view identity_secret) {
  if (user) {
    if (identity_secret.empty()) {
      return Refusal{"forbidden", "identified visitors are not enabled (channels.livechat.identity_secret)"};
    }
    const bool printable = std::all_of(user->begin(), user->end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
    });
    if (user->empty() || user->size() > 200 || !printable) {
      return Refusal{"bad_frame", "userId must be 1-200 printable characters"};
    }
    if (!provider::equal_constant_time(lower(hmac), provider::hmac_sha256_hex(identity_secret, *user))) {
      return Refusal{"forbidden", "hmac is not the site's signature of userId"};
    }
    return Visitor{"", "u-" + *user, true};
  }
  const std::string token = visitor_token.empty() ? new_token() : std::string(visitor_token);
  if (token.size() < 22 || token.size() > 128 || !std::all_of(token.begin(), token.end(), token_char)) {
    return Refusal{"bad_frame", "visitorToken must be a random token of 22-128 characters (A-Z a-z 0-9 - _)"};
  }
  // 128 bits of the digest: enough to keep visitors apart, short enough to read in a log.
  return Visitor{token, "v-" + sha256_hex(token).substr(0, 32), false};
}

}  // namespace frontdesk::livechat
