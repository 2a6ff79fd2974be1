// SPDX-License-Identifier: Apache-2.0
#include "visitor.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>

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

}  // namespace

std::variant<Visitor, Refusal> identify(std::string_view visitor_token, std::string_view user,
                                        std::string_view hash, std::string_view identity_secret) {
  if (!user.empty()) {
    if (identity_secret.empty()) {
      return Refusal{403, "identified visitors are not enabled (channels.livechat.identity_secret)"};
    }
    const bool printable = std::all_of(user.begin(), user.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
    });
    if (user.size() > 200 || !printable) return Refusal{400, "user must be 1-200 printable characters"};
    if (!provider::equal_constant_time(lower(hash), provider::hmac_sha256_hex(identity_secret, user))) {
      return Refusal{403, "hash is not the site's signature of user"};
    }
    return Visitor{"u-" + std::string(user), true};
  }
  if (visitor_token.size() < 22 || visitor_token.size() > 128 ||
      !std::all_of(visitor_token.begin(), visitor_token.end(), token_char)) {
    return Refusal{400, "visitor must be a random token of 22-128 characters (A-Z a-z 0-9 - _)"};
  }
  // 128 bits of the digest: enough to keep visitors apart, short enough to read in a log.
  return Visitor{"v-" + sha256_hex(visitor_token).substr(0, 32), false};
}

}  // namespace frontdesk::livechat
