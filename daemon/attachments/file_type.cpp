// SPDX-License-Identifier: Apache-2.0
#include "attachments/file_type.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <memory>
#include <type_traits>

namespace frontdesk::attachments {

namespace {

constexpr std::string_view kUnknown = "application/octet-stream";
// libmagic reads at most this much of a file: type signatures sit near the start, and it
// bounds the time one hostile upload can take.
constexpr std::size_t kBytesExamined = 1024 * 1024;

// Textual types libmagic reports as text/plain that a browser never runs.
constexpr std::array<std::string_view, 8> kInertText{
    "text/csv", "text/calendar", "text/markdown", "text/tab-separated-values", "text/vcard", "text/x-log",
    "message/rfc822", "message/delivery-status"};

struct MagicClose {
  void operator()(magic_t cookie) const noexcept { magic_close(cookie); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicClose>;

// This thread's libmagic handle with the system's database loaded; null when that failed
// (then nothing can be recognised, and every file is stored as unknown).
magic_t thread_magic() {
  thread_local const Magic cookie = [] {
    Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
    if (!m || magic_load(m.get(), nullptr) != 0) return Magic();
    const std::size_t bytes = kBytesExamined;
    (void)magic_setparam(m.get(), MAGIC_PARAM_BYTES_MAX, &bytes);
    return m;
  }();
  return cookie.get();
}

std::string media_type(std::string_view claimed) {
  claimed = claimed.substr(0, claimed.find(';'));
  std::string out;
  for (const char c : claimed) {
    if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string stored_type(std::string_view data, std::string_view claimed) {
  const magic_t cookie = thread_magic();
  const char* found = cookie ? magic_buffer(cookie, data.data(), std::min(data.size(), kBytesExamined)) : nullptr;
  std::string type = found ? std::string(found) : std::string(kUnknown);
  if (type == "text/plain") {
    const auto said = media_type(claimed);
    if (std::find(kInertText.begin(), kInertText.end(), said) != kInertText.end()) type = said;
  }
  return type;
}

}  // namespace frontdesk::attachments
