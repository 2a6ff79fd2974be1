#include "charset.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

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

std::string canonical_charset(std::string_view charset) {
  std::string name = to_lower_ascii(charset);
  // Labels mail uses that iconv spells differently or treats too strictly.
  if (name == "ks_c_5601-1987" || name == "ks_c_5601") return "CP949";
  if (name == "iso-8859-8-i") return "ISO-8859-8";
  if (name == "x-sjis" || name == "shift-jis") return "SHIFT_JIS";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "GB18030";
  if (name == "unknown-8bit" || name == "x-unknown" || name == "unknown") return "";
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
      out += kReplacement;
      text.remove_prefix(1);
    } else {
      out.append(text.substr(0, n));
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
  if (name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" ||
      name == "ascii" || name == "us_ascii") {
    return sanitize_utf8(bytes);
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
