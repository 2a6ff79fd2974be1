// SPDX-License-Identifier: Apache-2.0
#include "provider/signatures.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>

namespace frontdesk::provider {

namespace {

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
           &size) == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::string raw = hmac(EVP_sha256(), key, data);
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (const unsigned char c : raw) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0x0f]);
  }
  return hex;
}

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string hmac_sha1_base64(std::string_view key, std::string_view data) {
  return base64(hmac(EVP_sha1(), key, data));
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool valid_hub_signature(std::string_view header, std::string_view body,
                         std::string_view app_secret) {
  constexpr std::string_view kPrefix = "sha256=";
  if (app_secret.empty() || header.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string given(header.substr(kPrefix.size()));
  std::transform(given.begin(), given.end(), given.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  });
  return equal_constant_time(given, hmac_sha256_hex(app_secret, body));
}

std::string twilio_signature(std::string_view auth_token, std::string_view url,
                             std::vector<std::pair<std::string, std::string>> params) {
  std::sort(params.begin(), params.end());
  std::string data(url);
  for (const auto& [name, value] : params) {
    data += name;
    data += value;
  }
  return hmac_sha1_base64(auth_token, data);
}

bool valid_twilio_signature(std::string_view header, std::string_view auth_token,
                            std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params) {
  if (auth_token.empty() || header.empty()) return false;
  return equal_constant_time(header, twilio_signature(auth_token, url, std::move(params)));
}

}  // namespace frontdesk::provider
