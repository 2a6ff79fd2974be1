// SPDX-License-Identifier: Apache-2.0
#include "status/static_copy.hpp"

#include "status/atom_feed.hpp"
#include "status/page_html.hpp"
#include "status/page_model.hpp"
#include "storage/connection.hpp"
#include "web/site.hpp"

#include <boost/json/serialize.hpp>

#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace frontdesk::status {

namespace {

// `text` as `dir/name`, through a temporary file of this process renamed over it.
void write_atomically(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  const auto target = dir / name;
  auto temporary = dir / ("." + name + "." + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot be written");
  }
  std::filesystem::rename(temporary, target);
}

const std::string& asset_body(const web::Site& site, std::string_view name) {
  const auto* asset = site.assets().find_plain(name);
  if (asset == nullptr) throw std::logic_error("no asset " + std::string(name));
  return asset->body;
}

}  // namespace

StaticCopy::StaticCopy(std::filesystem::path dir, const web::Site& site, PageSettings page)
    : dir_(std::move(dir)), site_(site), page_(std::move(page)) {}

bool StaticCopy::refresh(storage::Connection& db) {
  storage::Transaction tx(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");  // one snapshot for all
  auto fingerprint = page_fingerprint(db);
  if (fingerprint == written_) return false;
  const web::PageLocale locale{site_.locales().default_locale(), false};
  web::Data assets = web::Data::type::object;
  assets.set("site_css", "/status/site.css");
  assets.set("favicon_svg", "/status/favicon.svg");
  const auto html = site_.html("status_page", locale, status_page_data(page_view(db, page_), site_, locale), &assets);
  const auto summary_json = boost::json::serialize(summary(db, page_));
  const auto feed = atom_feed(db, page_);
  tx.commit();

  std::filesystem::create_directories(dir_);
  write_atomically(dir_, "site.css", asset_body(site_, "site.css"));
  write_atomically(dir_, "favicon.svg", asset_body(site_, "favicon.svg"));
  write_atomically(dir_, "summary.json", summary_json);
  write_atomically(dir_, "feed.atom", feed);
  write_atomically(dir_, "index.html", html);  // last: it links the others
  written_ = std::move(fingerprint);
  return true;
}

}  // namespace frontdesk::status
