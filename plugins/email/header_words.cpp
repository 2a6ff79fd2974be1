// SPDX-License-Identifier: Apache-2.0
#include "header_words.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/QuotedPrintableDecoder.h>

#include <cctype>
#include <optional>
#include <sstream>
#include <vector>

#include "address.hpp"
#include "charset.hpp"

namespace frontdesk::email {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' || raw[i] == '\n') {
      // CRLF followed by WSP is folding: the line break goes, the blank stays.
      continue;
    }
    out += raw[i];
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string decode_b(std::string_view text) {
  std::string padded(text);
  while (padded.size() % 4 != 0) padded += '=';
  std::istringstream in(padded);
  Poco::Base64Decoder decoder(in);
  std::string out;
  char buffer[512];
  try {
    while (decoder.read(buffer, sizeof(buffer)) || decoder.gcount() > 0) {
      out.append(buffer, static_cast<std::size_t>(decoder.gcount()));
    }
  } catch (const std::exception&) {
    // Invalid base64 keeps what decoded so far.
  }
  return out;
}

struct EncodedWord {
  std::size_t length = 0;  // bytes of the word in the input
  std::string charset;
  std::string bytes;
};

// The encoded word starting at `s` (which begins with "=?"), if well-formed.
std::optional<EncodedWord> read_word(std::string_view s) {
  const auto q1 = s.find('?', 2);
  if (q1 == std::string_view::npos) return std::nullopt;
  const auto q2 = s.find('?', q1 + 1);
  if (q2 != q1 + 2) return std::nullopt;
  const auto end = s.find("?=", q2 + 1);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view text = s.substr(q2 + 1, end - q2 - 1);
  if (text.find(' ') != std::string_view::npos) return std::nullopt;
  EncodedWord w;
  w.charset = std::string(s.substr(2, q1 - 2));
  if (const auto star = w.charset.find('*'); star != std::string::npos) {
    w.charset.resize(star);  // RFC 2231 language suffix
  }
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (encoding == 'Q') w.bytes = decode_q(text);
  else if (encoding == 'B') w.bytes = decode_b(text);
  else return std::nullopt;
  w.length = end + 2;
  return w;
}

std::string decode_plain(std::string_view bytes, std::string_view fallback) {
  const std::string clean = sanitize_utf8(bytes);
  if (clean.size() == bytes.size() && clean.find("\xEF\xBF\xBD") == std::string::npos) {
    return clean;
  }
  return to_utf8(bytes, fallback);
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string decode_header_text(std::string_view raw, std::string_view fallback_charset) {
  const std::string text = unfold(raw);
  std::string out;
  std::string pending_space;  // blanks after an encoded word, dropped if another follows
  std::string plain;          // undecoded run of ordinary text
  bool last_was_word = false;
  // Adjacent words in one charset are joined before conversion: a multi-byte character
  // may be split across them (common with ISO-2022-JP and UTF-8 B words).
  std::string word_bytes;
  std::string word_charset;
  auto flush_words = [&] {
    if (!word_bytes.empty() || !word_charset.empty()) out += to_utf8(word_bytes, word_charset);
    word_bytes.clear();
    word_charset.clear();
  };
  auto flush_plain = [&] {
    if (!plain.empty()) {
      flush_words();
      out += decode_plain(plain, fallback_charset);
      plain.clear();
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '?') {
      if (auto word = read_word(std::string_view(text).substr(i))) {
        if (!last_was_word) {
          flush_plain();
        }
        if (!word_charset.empty() && to_lower_ascii(word_charset) != to_lower_ascii(word->charset)) {
          flush_words();
        }
        if (word_charset.empty()) word_charset = word->charset;
        word_bytes += word->bytes;
        pending_space.clear();
        last_was_word = true;
        i += word->length;
        continue;
      }
    }
    if (is_space(text[i]) && last_was_word) {
      pending_space += text[i];
      ++i;
      continue;
    }
    if (last_was_word) {
      flush_words();
      plain += pending_space;
      pending_space.clear();
      last_was_word = false;
    }
    plain += text[i];
    ++i;
  }
  flush_plain();
  flush_words();
  out += pending_space;
  return std::string(trim(out));
}

std::string HeaderParams::get(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

HeaderParams parse_header_params(std::string_view raw) {
  const std::string text = unfold(raw);
  HeaderParams result;
  // Split at ';' outside quotes.
  std::vector<std::string> pieces;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && quoted && i + 1 < text.size()) {
      current += text[++i];
      continue;
    }
    if (c == '"') {
      quoted = !quoted;
      current += c;
    } else if (c == ';' && !quoted) {
      pieces.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  pieces.push_back(current);
  result.value = to_lower_ascii(trim(pieces.front()));

  struct Part {
    std::string text;
    bool extended = false;
  };
  std::map<std::string, std::map<int, Part>> continued;
  for (std::size_t p = 1; p < pieces.size(); ++p) {
    const std::string_view piece = trim(pieces[p]);
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = to_lower_ascii(trim(piece.substr(0, eq)));
    std::string_view value = trim(piece.substr(eq + 1));
    const bool was_quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
    if (was_quoted) value = value.substr(1, value.size() - 2);
    bool extended = false;
    if (!name.empty() && name.back() == '*') {
      extended = true;
      name.pop_back();
    }
    int index = -1;
    if (const auto star = name.find('*'); star != std::string::npos) {
      const std::string digits = name.substr(star + 1);
      if (!digits.empty() && digits.size() < 4 &&
          digits.find_first_not_of("0123456789") == std::string::npos) {
        index = std::stoi(digits);
        name.resize(star);
      }
    }
    if (index >= 0 || extended) {
      continued[name][index < 0 ? 0 : index] = Part{std::string(value), extended};
    } else if (!result.params.contains(name)) {
      result.params[name] = decode_header_text(value);
    }
  }
  for (auto& [name, parts] : continued) {
    std::string charset;
    std::string bytes;
    bool first = true;
    for (auto& [index, part] : parts) {
      std::string_view piece = part.text;
      if (first && part.extended) {
        // charset'language'percent-encoded
        const auto q1 = piece.find('\'');
        const auto q2 = q1 == std::string_view::npos ? q1 : piece.find('\'', q1 + 1);
        if (q2 != std::string_view::npos) {
          charset = std::string(piece.substr(0, q1));
          piece = piece.substr(q2 + 1);
        }
      }
      bytes += part.extended ? percent_decode(piece) : std::string(piece);
      first = false;
    }
    result.params[name] = charset.empty() ? decode_header_text(bytes) : to_utf8(bytes, charset);
  }
  return result;
}

}  // namespace frontdesk::email
