// SPDX-License-Identifier: Apache-2.0
#include "quote_trim.hpp"

#include <regex>
#include <vector>

namespace frontdesk::email {

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = end + 1;
  }
  return lines;
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}

bool is_quote(const std::string& line) {
  const auto first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '>';
}

// Whether lines [i, i+1) (possibly wrapped onto the next line) start a quoted history.
bool is_attribution(const std::vector<std::string>& lines, std::size_t i) {
  static const std::regex kWrote(
      R"(^\s*(On|Le|Am|El|Il|Op|Em|W dniu|Den)\s.*(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|napisał|skrev)((\s.*)?:)?\s*$)",
      std::regex::icase);
  static const std::regex kOriginal(R"(^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$)",
                                    std::regex::icase);
  const std::string& line = lines[i];
  if (line.size() > 400) return false;
  if (std::regex_match(line, kOriginal)) return true;
  if (std::regex_match(line, kWrote)) return true;
  if (i + 1 < lines.size() && lines[i + 1].size() < 400 &&
      std::regex_match(line + " " + lines[i + 1], kWrote)) {
    return true;
  }
  // Outlook: "From: …" then "Sent: …" (or "Date: …") within the next two lines.
  static const std::regex kFrom(R"(^\s*\*?(From|Von|De)\s*:\*?\s.+)", std::regex::icase);
  static const std::regex kSent(R"(^\s*\*?(Sent|Date|Gesendet|Envoyé)\s*:\*?\s.+)", std::regex::icase);
  if (std::regex_match(line, kFrom)) {
    for (std::size_t k = i + 1; k < lines.size() && k <= i + 2; ++k) {
      if (lines[k].size() < 400 && std::regex_match(lines[k], kSent)) return true;
    }
  }
  return false;
}

}  // namespace

TrimmedText trim_quoted_history(std::string_view text) {
  const auto lines = split_lines(text);
  std::size_t cut = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == "-- " || lines[i] == "--") {
      cut = i;
      break;
    }
    if (is_attribution(lines, i)) {
      cut = i;
      break;
    }
  }
  // A trailing block of quoted lines (with blank lines between) without attribution.
  std::size_t tail = cut;
  while (tail > 0 && (is_quote(lines[tail - 1]) || is_blank(lines[tail - 1]))) --tail;
  bool any_quote = false;
  for (std::size_t k = tail; k < cut; ++k) any_quote = any_quote || is_quote(lines[k]);
  if (any_quote) cut = tail;

  std::size_t end = cut;
  while (end > 0 && is_blank(lines[end - 1])) --end;
  if (end == 0) {
    // Nothing but history: keep it all rather than show an empty message.
    return TrimmedText{std::string(text), false};
  }
  std::string out;
  std::size_t start = 0;
  while (start < end && is_blank(lines[start])) ++start;
  for (std::size_t k = start; k < end; ++k) {
    out += lines[k];
    if (k + 1 < end) out += '\n';
  }
  return TrimmedText{out, cut < lines.size()};
}

}  // namespace frontdesk::email
