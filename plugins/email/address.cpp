// SPDX-License-Identifier: Apache-2.0
#include "address.hpp"

#include <algorithm>

namespace frontdesk::email {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Removes (comments), honouring nesting and quoted-pairs, and unquotes "strings".
std::string strip_comments_and_quotes(std::string_view s, std::string* comment_text) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && (quoted || depth > 0)) {
      (depth > 0 ? (comment_text != nullptr ? *comment_text : out) : out) += s[++i];
      continue;
    }
    if (depth > 0) {
      if (c == '(') ++depth;
      else if (c == ')') --depth;
      else if (comment_text != nullptr) *comment_text += c;
      continue;
    }
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '(' && !quoted) {
      depth = 1;
    } else {
      out += c;
    }
  }
  return out;
}

bool plausible_address(std::string_view a) {
  const auto at = a.rfind('@');
  return at != std::string_view::npos && at > 0 && at + 1 < a.size() &&
         std::none_of(a.begin(), a.end(), [](char c) {
           return is_space(c) || c == '<' || c == '>' || c == ',' || c == '"' ||
                  static_cast<unsigned char>(c) < 0x20;
         });
}

}  // namespace

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  return out;
}

std::optional<Mailbox> parse_mailbox(std::string_view value) {
  value = trim(value);
  // Group syntax "Team: a@b, c@d;": take the members.
  if (const auto colon = value.find(':'); colon != std::string_view::npos &&
                                          value.find('<') > colon && value.find('"') > colon &&
                                          value.find('@') > colon) {
    value = trim(value.substr(colon + 1));
  }
  // Only the first mailbox of a list: split at a comma outside quotes, angles and comments.
  int depth = 0;
  bool quoted = false;
  bool angle = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\') { ++i; continue; }
    if (c == '"' && depth == 0) quoted = !quoted;
    else if (!quoted && c == '(') ++depth;
    else if (!quoted && c == ')' && depth > 0) --depth;
    else if (!quoted && depth == 0 && c == '<') angle = true;
    else if (!quoted && depth == 0 && c == '>') angle = false;
    else if (!quoted && depth == 0 && !angle && (c == ',' || c == ';')) {
      value = trim(value.substr(0, i));
      break;
    }
  }

  Mailbox box;
  const auto open = value.rfind('<');
  const auto close = value.find('>', open == std::string_view::npos ? 0 : open);
  if (open != std::string_view::npos && close != std::string_view::npos) {
    std::string addr = strip_comments_and_quotes(value.substr(open + 1, close - open - 1), nullptr);
    // A source route "@a,@b:user@host" keeps only the mailbox.
    if (const auto route = addr.find(':'); !addr.empty() && addr.front() == '@' &&
                                           route != std::string::npos) {
      addr = addr.substr(route + 1);
    }
    box.address = to_lower_ascii(trim(addr));
    box.display_name = std::string(trim(strip_comments_and_quotes(value.substr(0, open), nullptr)));
  } else {
    std::string comment;
    box.address = to_lower_ascii(trim(strip_comments_and_quotes(value, &comment)));
    box.display_name = std::string(trim(comment));
  }
  if (!plausible_address(box.address)) return std::nullopt;
  return box;
}

std::vector<std::string> parse_message_ids(std::string_view value) {
  std::vector<std::string> ids;
  auto add = [&ids](std::string_view id) {
    id = trim(id);
    if (id.empty() || id.size() > 900) return;
    std::string clean;
    for (char c : id) {
      if (!is_space(c)) clean += c;
    }
    if (!clean.empty() && std::find(ids.begin(), ids.end(), clean) == ids.end()) {
      ids.push_back(std::move(clean));
    }
  };
  std::size_t pos = 0;
  bool bracketed = false;
  while ((pos = value.find('<', pos)) != std::string_view::npos) {
    const auto end = value.find('>', pos + 1);
    if (end == std::string_view::npos) break;
    add(value.substr(pos + 1, end - pos - 1));
    bracketed = true;
    pos = end + 1;
  }
  if (!bracketed) {
    const auto bare = trim(value);
    if (bare.find('@') != std::string_view::npos && bare.find(' ') == std::string_view::npos) {
      add(bare);
    }
  }
  return ids;
}

std::optional<std::string> parse_envelope_path(std::string_view path) {
  path = trim(path);
  if (path.size() < 2 || path.front() != '<') return std::nullopt;
  const auto close = path.find('>');
  if (close == std::string_view::npos || !trim(path.substr(close + 1)).empty()) return std::nullopt;
  std::string_view inner = path.substr(1, close - 1);
  if (inner.empty()) return std::string();
  if (inner.front() == '@') {
    const auto colon = inner.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    inner = inner.substr(colon + 1);
  }
  if (!plausible_address(inner) && !(inner.front() == '"')) return std::nullopt;
  return to_lower_ascii(inner);
}

}  // namespace frontdesk::email
