// SPDX-License-Identifier: Apache-2.0
#include "web/assets.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace frontdesk::web {

namespace {

// FNV-1a: a name that changes when the content does, not a security property.
std::string content_hash(std::string_view body) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : body) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out(12, '0');
  for (auto& c : out) {
    c = kHex[h & 0xf];
    h >>= 4;
  }
  return out;
}

std::string content_type(const std::filesystem::path& file) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> kTypes{{
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".map", "application/json"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (file.extension() == ext) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace

Assets::Assets(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) return;
  const auto read = [](const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot be read");
    std::ostringstream body;
    body << in.rdbuf();
    return body.str();
  };
  std::vector<std::filesystem::path> compressed;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    // "console.js.gz" is console.js compressed at build time, served to whoever accepts gzip.
    if (entry.path().extension() == ".gz") {
      compressed.push_back(entry.path());
      continue;
    }
    std::ostringstream body;
    body << read(entry.path());
    const auto name = entry.path().filename().string();
    const auto hash = content_hash(body.str());
    const auto hashed = entry.path().stem().string() + "." + hash + entry.path().extension().string();
    by_hashed_.emplace(hashed, name);
    by_name_.emplace(name, Asset{"/assets/" + hashed, content_type(entry.path()), body.str(), {}, "\"" + hash + "\""});
  }
  for (const auto& file : compressed) {
    const auto it = by_name_.find(file.stem().string());
    if (it != by_name_.end()) it->second.gzip = read(file);
  }
}

const std::string& Assets::url(std::string_view name) const {
  const auto it = by_name_.find(name);
  if (it == by_name_.end()) throw std::out_of_range("no asset " + std::string(name) + " was built");
  return it->second.url;
}

std::map<std::string, std::string> Assets::urls() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, asset] : by_name_) out.emplace(name, asset.url);
  return out;
}

const Asset* Assets::find_plain(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

const Asset* Assets::find(std::string_view hashed_name) const {
  const auto it = by_hashed_.find(hashed_name);
  if (it == by_hashed_.end()) return nullptr;
  return &by_name_.find(it->second)->second;
}

}  // namespace frontdesk::web
