// SPDX-License-Identifier: Apache-2.0
#pragma once
// The static files a page links (the esbuild bundles, the style sheet), read once from
// <web dir>/assets and served from memory at /assets/<stem>.<hash>.<ext>: the content hash
// in the name lets browsers keep them for a year, and a new build gets new names. Pages
// rendered outside the Site (the web form plugin's) link the plain name, revalidated. A file
// "<name>.gz" beside one is its compressed form, sent to clients that accept gzip.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::web {

struct Asset {
  std::string url;  // "/assets/help.1f2e3d4c5b6a.js"
  std::string content_type;
  std::string body;
  std::string gzip;  // the same, gzip-compressed at build time ("" when not)
  std::string etag;  // "\"<content hash>\"": a client that has this one gets 304
};

class Assets {
 public:
  // Every file of `dir` (none is fine); throws std::runtime_error for one it cannot read.
  explicit Assets(const std::filesystem::path& dir);

  // The URL of the asset built as `name` ("help.js"); throws std::out_of_range if none.
  [[nodiscard]] const std::string& url(std::string_view name) const;
  // Each asset's name ("help.js") and URL.
  [[nodiscard]] std::map<std::string, std::string> urls() const;
  // The asset at the last segment of its URL ("help.1f2e3d4c5b6a.js"), if any.
  [[nodiscard]] const Asset* find(std::string_view hashed_name) const;
  // The asset by its plain name ("suggest.js"), if any.
  [[nodiscard]] const Asset* find_plain(std::string_view name) const;

 private:
  std::map<std::string, Asset, std::less<>> by_name_;  // "help.js"
  std::map<std::string, std::string, std::less<>> by_hashed_;  // "help.<hash>.js" → "help.js"
};

}  // namespace frontdesk::web
