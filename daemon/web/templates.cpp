// SPDX-License-Identifier: Apache-2.0
#include "web/templates.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace frontdesk::web {

namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Templates::Templates(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error(dir.string() + ": no such folder of page templates");
  }
  static const std::regex kMessage(R"(\{\{\s*t\.([a-z0-9_]+)\s*\}\})");
  static const std::regex kPartialOrLambda(R"(\{\{\s*>)");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".mustache") continue;
    const auto text = read_file(entry.path());
    if (std::regex_search(text, kPartialOrLambda)) {
      throw std::runtime_error(entry.path().string() +
                               ": partials are not used here (render the body, then the layout)");
    }
    kainjow::mustache::mustache parsed(text);
    if (!parsed.is_valid()) {
      throw std::runtime_error(entry.path().string() + ": " + parsed.error_message());
    }
    const auto name = entry.path().stem().string();
    for (std::sregex_iterator it(text.begin(), text.end(), kMessage), end; it != end; ++it) {
      keys_.emplace((*it)[1].str(), entry.path().filename().string());
    }
    templates_.insert_or_assign(name, std::move(parsed));
  }
  if (templates_.empty()) throw std::runtime_error(dir.string() + ": no *.mustache templates");
}

std::string Templates::render(std::string_view name, const Data& data) const {
  const auto it = templates_.find(name);
  if (it == templates_.end()) throw std::out_of_range("no page template " + std::string(name));
  return it->second.render(data);
}

bool Templates::contains(std::string_view name) const { return templates_.find(name) != templates_.end(); }

}  // namespace frontdesk::web
