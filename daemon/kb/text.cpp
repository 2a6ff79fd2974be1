// SPDX-License-Identifier: Apache-2.0
#include "kb/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace frontdesk::kb {

namespace {

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + static_cast<std::size_t>(len) > s.size()) len = 1;
    char32_t cp = len == 1 ? b : (b & (0x7f >> len));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

void quote_lexeme(std::string& out, std::string_view word) {
  out += '\'';
  for (const char c : word) {
    if (c == '\'' || c == '\\') out += c == '\'' ? "''" : "\\\\";
    else out += c;
  }
  out += '\'';
}

}  // namespace

bool valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 100 || slug.front() == '-' || slug.back() == '-') return false;
  bool digits_only = true;
  char previous = 0;
  for (const char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
    if (!ok) return false;
    if (c < '0' || c > '9') digits_only = false;
    previous = c;
  }
  return !digits_only;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string snippet_html(std::string_view headline) {
  std::string out;
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= headline.size(); ++i) {
    if (i < headline.size() && headline[i] != '\x01' && headline[i] != '\x02') continue;
    out += html_escape(headline.substr(start, i - start));
    if (i < headline.size()) {
      if (headline[i] == '\x01' && !open) {
        out += "<mark>";
        open = true;
      } else if (headline[i] == '\x02' && open) {
        out += "</mark>";
        open = false;
      }
    }
    start = i + 1;
  }
  if (open) out += "</mark>";
  return out;
}

int typo_budget(std::size_t chars) { return chars >= 9 ? 2 : chars >= 5 ? 1 : 0; }

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

int edit_distance(std::string_view a_text, std::string_view b_text, int max) {
  const auto a = code_points(a_text);
  const auto b = code_points(b_text);
  const auto n = a.size();
  const auto m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > max) return max + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    int row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, before[j - 2] + 1);
      }
      current[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], max + 1);
}

std::string tsquery_text(const std::vector<QueryTerm>& terms, bool all, bool with_alternatives) {
  std::string out;
  for (const auto& term : terms) {
    if (term.word.empty()) continue;
    if (!out.empty()) out += all ? " & " : " | ";
    out += '(';
    quote_lexeme(out, term.word);
    if (term.prefix) out += ":*";
    if (with_alternatives) {
      for (const auto& alt : term.alternatives) {
        out += " | ";
        quote_lexeme(out, alt);
      }
    }
    out += ')';
  }
  return out;
}

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<DiffLine> out;
  for (std::size_t i = 0; i < head; ++i) out.push_back({' ', std::string(a[i])});
  const std::size_t n = a.size() - head - tail;
  const std::size_t m = b.size() - head - tail;
  constexpr std::size_t kMaxCells = std::size_t{4} << 20;
  if (n * m > kMaxCells) {
    for (std::size_t i = 0; i < n; ++i) out.push_back({'-', std::string(a[head + i])});
    for (std::size_t j = 0; j < m; ++j) out.push_back({'+', std::string(b[head + j])});
  } else {
    // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({' ', std::string(a[head + i])});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({'-', std::string(a[head + i])});
        ++i;
      } else {
        out.push_back({'+', std::string(b[head + j])});
        ++j;
      }
    }
  }
  for (std::size_t k = a.size() - tail; k < a.size(); ++k) out.push_back({' ', std::string(a[k])});
  return out;
}

}  // namespace frontdesk::kb
