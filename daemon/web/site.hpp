// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every server-rendered page (help center, status page, portal, web form) renders
// through: the templates, the message catalogues, the offered locales and the assets of
// one web folder, loaded and checked once. Immutable after loading; shared by all threads.
//
// A page is a template whose data is the page's own plus, for every template:
//   t       the locale's messages ({{t.search_label}}): every key a template uses is
//           checked against every offered catalogue when loading
//   lang    the locale of the page ("es"); lang_query "?lang=es" and lang_amp "&lang=es"
//           when ?lang= chose it (links carry it on), else ""
//   assets  the hashed URL of each asset by its name, '.' and '-' as '_' (assets.site_css)
// and is rendered into `layout.mustache` as {{{body}}} with the page's {{title}} (and its
// {{script}}, a URL, when it has one; its {{home}} {href, name} when the header's link is not
// the help center's; its {{feed}}, an Atom feed's URL, when it has one).
#include "web/assets.hpp"
#include "web/catalogues.hpp"
#include "web/locale_negotiation.hpp"
#include "web/templates.hpp"

#include "http/response.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace frontdesk::http {
struct Request;
}

namespace frontdesk::web {

struct SiteOptions {
  std::filesystem::path dir;  // pages/, i18n/, assets/ (web.dir)
  std::vector<std::string> offered;
  std::string default_locale;
};

// The locale a request is served in, and whether ?lang= chose it (links then carry it on).
struct PageLocale {
  std::string locale;
  bool from_query = false;
};

class Site {
 public:
  // Throws std::runtime_error naming the file and what is wrong with it.
  explicit Site(const SiteOptions& options);

  [[nodiscard]] PageLocale locale_of(const http::Request& request) const;

  // The full page, with the security headers, Content-Language (`content_language`, the
  // language of what is shown; the page's locale when empty) and Vary: Accept-Language.
  [[nodiscard]] http::Response page(unsigned status, std::string_view name, const PageLocale& locale,
                                    Data data, std::string_view content_language = {}) const;

  // The page's HTML as page() renders it; `assets` replaces the data of the hashed asset
  // URLs, for a copy of the page that is served without the daemon.
  [[nodiscard]] std::string html(std::string_view name, const PageLocale& locale, Data data,
                                 const Data* assets = nullptr) const;

  // The language switcher's entries for a page at `path` whose own query (without lang) is
  // `query`: [{code, name (the language's name for itself), href, current}].
  [[nodiscard]] Data language_links(const PageLocale& locale, std::string_view path,
                                    std::string_view query) const;

  [[nodiscard]] const Catalogues& messages() const { return catalogues_; }
  [[nodiscard]] const LocaleNegotiator& locales() const { return negotiator_; }
  [[nodiscard]] const Assets& assets() const { return assets_; }
  // The summary line of `frontdeskd --check`.
  [[nodiscard]] std::string summary() const;

 private:
  std::filesystem::path dir_;
  LocaleNegotiator negotiator_;
  Catalogues catalogues_;
  Templates templates_;
  Assets assets_;
  std::map<std::string, Data, std::less<>> messages_by_locale_;  // the "t" of each locale
  Data assets_data_;
};

// The headers every HTML page carries: a Content-Security-Policy that allows no inline
// script or style, nosniff, no framing, a same-origin referrer.
void add_security_headers(http::Response& response);

}  // namespace frontdesk::web
