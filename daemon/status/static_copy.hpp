// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page as plain files under <state_dir>/status (index.html in the default
// language, summary.json, feed.atom, site.css, favicon.svg), so that a web server in front
// of the daemon can serve the page while no daemon answers (docs/status-page.md has the
// nginx snippet). Rewritten when what the page shows changes; each file is written beside
// its place and renamed over it, so a reader never sees half a file. Every daemon may keep
// its own copy: writers do not disturb one another.
#include "status/notifier.hpp"

#include <filesystem>
#include <string>

namespace frontdesk::web {
class Site;
}

namespace frontdesk::status {

class StaticCopy {
 public:
  StaticCopy(std::filesystem::path dir, const web::Site& site, PageSettings page);

  // Writes the files when the page changed since the last write (always, the first time);
  // returns whether it wrote. Throws on a database or file error (the next call tries again).
  bool refresh(storage::Connection& db);

 private:
  std::filesystem::path dir_;
  const web::Site& site_;
  PageSettings page_;
  std::string written_;  // page_fingerprint() of what the files show
};

}  // namespace frontdesk::status
