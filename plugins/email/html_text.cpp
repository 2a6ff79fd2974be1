// SPDX-License-Identifier: Apache-2.0
#include "html_text.hpp"

#include <array>
#include <cstdint>

#include "address.hpp"

namespace frontdesk::email {

namespace {

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct Entity {
  std::string_view name;
  std::uint32_t code_point;
};
constexpr std::array<Entity, 20> kEntities{{
    {"amp", '&'},     {"lt", '<'},       {"gt", '>'},      {"quot", '"'},    {"apos", '\''},
    {"nbsp", 0xA0},   {"copy", 0xA9},    {"reg", 0xAE},    {"euro", 0x20AC}, {"hellip", 0x2026},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bull", 0x2022}, {"trade", 0x2122},
    {"laquo", 0xAB},  {"raquo", 0xBB},
}};

// Decodes the entity at `s` (starting with '&'); returns the bytes consumed, 0 if none.
std::size_t decode_entity(std::string_view s, std::string& out) {
  const auto semi = s.find(';');
  if (semi == std::string_view::npos || semi > 12 || semi < 2) return 0;
  const std::string_view body = s.substr(1, semi - 1);
  if (body.front() == '#') {
    std::uint32_t cp = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    append_code_point(out, cp);
    return semi + 1;
  }
  for (const auto& e : kEntities) {
    if (e.name == body) {
      append_code_point(out, e.code_point);
      return semi + 1;
    }
  }
  return 0;
}

bool is_block(std::string_view tag) {
  static constexpr std::array<std::string_view, 20> kBlocks{
      "p",  "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5",
      "h6", "ul",  "ol", "li", "blockquote", "hr", "pre", "section", "article", "title"};
  for (auto b : kBlocks) {
    if (b == tag) return true;
  }
  return false;
}

std::string attribute(std::string_view tag_text, std::string_view name) {
  const std::string lower = to_lower_ascii(tag_text);
  std::size_t pos = 0;
  while ((pos = lower.find(name, pos)) != std::string::npos) {
    const bool boundary = pos > 0 && (lower[pos - 1] == ' ' || lower[pos - 1] == '\t' ||
                                      lower[pos - 1] == '\n');
    std::size_t i = pos + name.size();
    while (i < lower.size() && lower[i] == ' ') ++i;
    if (boundary && i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && lower[i] == ' ') ++i;
      if (i >= lower.size()) return {};
      const char q = tag_text[i];
      if (q == '"' || q == '\'') {
        const auto end = tag_text.find(q, i + 1);
        return std::string(tag_text.substr(i + 1, end == std::string_view::npos ? std::string_view::npos
                                                                                 : end - i - 1));
      }
      const auto end = tag_text.find_first_of(" \t\n>", i);
      return std::string(tag_text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
    }
    pos += name.size();
  }
  return {};
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  std::string skip_until;  // closing tag of script/style/head content being skipped
  std::string link;        // href of the open <a>
  std::size_t link_start = 0;
  bool pre = false;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        const auto end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const auto end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;
      const std::string_view tag_text = html.substr(i + 1, end - i - 1);
      i = end + 1;
      const bool closing = !tag_text.empty() && tag_text.front() == '/';
      std::string_view name_part = closing ? tag_text.substr(1) : tag_text;
      const auto name_end = name_part.find_first_of(" \t\r\n/");
      const std::string name = to_lower_ascii(name_part.substr(0, name_end));
      if (!skip_until.empty()) {
        if (closing && name == skip_until) skip_until.clear();
        continue;
      }
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        skip_until = name;
        continue;
      }
      if (name == "pre") pre = !closing;
      if (name == "a") {
        if (!closing) {
          link = attribute(tag_text, "href");
          link_start = out.size();
        } else if (!link.empty()) {
          const std::string text = out.substr(link_start);
          if (text.find(link) == std::string::npos && link.rfind("mailto:", 0) != 0 &&
              link.front() != '#') {
            out += " (" + link + ")";
          }
          link.clear();
        }
        continue;
      }
      if (name == "li" && !closing) {
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += "- ";
        continue;
      }
      if (name == "td" || name == "th") {
        if (closing) out += ' ';
        continue;
      }
      if (is_block(name)) {
        if (name == "br" || (!out.empty() && out.back() != '\n')) out += '\n';
        if ((name == "p" || name == "div" || name == "table" || name == "blockquote" ||
             name == "ul" || name == "ol") &&
            closing) {
          out += '\n';
        }
      }
      continue;
    }
    if (!skip_until.empty()) {
      ++i;
      continue;
    }
    if (c == '&') {
      if (const std::size_t used = decode_entity(html.substr(i), out); used > 0) {
        i += used;
        continue;
      }
    }
    if (!pre && (c == '\n' || c == '\r' || c == '\t' || c == ' ')) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      ++i;
      continue;
    }
    out += c;
    ++i;
  }

  // Tidy: no trailing blanks on lines, at most one empty line in a row, non-breaking
  // spaces as plain spaces.
  std::string tidy;
  std::size_t newlines = 0;
  std::size_t pos = 0;
  while (pos <= out.size()) {
    auto end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(pos, end - pos);
    for (std::size_t k = 0; (k = line.find("\xC2\xA0", k)) != std::string::npos;) {
      line[k] = ' ';
      line.erase(k + 1, 1);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::size_t lead = 0;
    while (lead < line.size() && line[lead] == ' ' && !pre) ++lead;
    line.erase(0, lead);
    if (line.empty()) {
      ++newlines;
    } else {
      if (!tidy.empty()) tidy += newlines > 0 ? "\n\n" : "\n";
      tidy += line;
      newlines = 0;
    }
    pos = end + 1;
  }
  return tidy;
}

}  // namespace frontdesk::email
