// SPDX-License-Identifier: Apache-2.0
#include "charset.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>
#include <utility>

#include "address.hpp"

namespace frontdesk::email {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at the start of `s`, or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { n = 2; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { n = 3; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { n = 4; min = 0x10000; }
  else return 0;
  if (s.size() < n) return 0;
  std::uint32_t cp = b0 & (0x7F >> n);
  for (std::size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// Labels mail uses that iconv spells differently or treats too strictly; "" = no charset.
std::string canonical_charset(std::string_view charset) {
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"ks_c_5601-1987", "CP949"}, {"ks_c_5601", "CP949"},      {"iso-8859-8-i", "ISO-8859-8"},
      {"x-sjis", "SHIFT_JIS"},     {"shift-jis", "SHIFT_JIS"},  {"gb2312", "GB18030"},
      {"gbk", "GB18030"},          {"x-gbk", "GB18030"},        {"unknown-8bit", ""},
      {"x-unknown", ""},           {"unknown", ""},
  };
  std::string name = to_lower_ascii(charset);
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) {
      name.assign(canonical.data(), canonical.size());
      break;
    }
  }
  return name;
}

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    if (text.front() == '\0') {
      text.remove_prefix(1);
      continue;
    }
    const std::size_t n = utf8_sequence(text);
    if (n == 0) {
      out.append(kReplacement.data(), kReplacement.size());
      text.remove_prefix(1);
    } else {
      out.append(text.data(), n);
      text.remove_prefix(n);
    }
  }
  return out;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string name = canonical_charset(charset);
  if (name == "utf-8" || name == "utf8") return sanitize_utf8(bytes);
  if (name.empty() || name == "us-ascii" || name == "ascii") {
    // Undeclared 8-bit text is UTF-8 when it is valid as such, else most likely Windows-1252.
    std::string clean = sanitize_utf8(bytes);
    if (clean.size() == bytes.size() && clean.find(kReplacement) == std::string::npos) return clean;
    return to_utf8(bytes, "windows-1252");
  }
  iconv_t raw = iconv_open("UTF-8", name.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) return sanitize_utf8(bytes);
  const std::unique_ptr<void, IconvCloser> cd(raw);

  std::string out;
  out.reserve(bytes.size() * 2 + 16);
  char buffer[4096];
  // iconv's prototype takes char** for its input although it does not write through it.
  auto* in = const_cast<char*>(bytes.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  std::size_t in_left = bytes.size();
  while (true) {
    char* dst = buffer;
    std::size_t dst_left = sizeof(buffer);
    const std::size_t rc = iconv(raw, in_left > 0 ? &in : nullptr, &in_left, &dst, &dst_left);
    out.append(buffer, sizeof(buffer) - dst_left);
    if (rc != static_cast<std::size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    if (errno == EILSEQ || errno == EINVAL) {
      // One undecodable byte (or a truncated sequence at the end): mark it and go on.
      out += kReplacement;
      if (in_left == 0) break;
      ++in;
      --in_left;
      iconv(raw, nullptr, nullptr, nullptr, nullptr);
      if (in_left == 0) break;
      continue;
    }
    break;
  }
  return sanitize_utf8(out);
}

}  // namespace frontdesk::email
