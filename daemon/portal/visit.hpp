// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every portal page handler gets: the request on a database connection, the page's
// locale, the signed-in customer (when the fd_portal cookie names a live session) and, for a
// form's POST, its fields and files, already checked (origin, CSRF) by the routes.
#include "api/auth.hpp"
#include "portal/form_data.hpp"
#include "signin/signin_context.hpp"
#include "web/site.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::portal {

struct PortalContext {
  signin::SignInContext signin;  // the pool, the links' base URL, the site
  const web::Site& site;
};

struct Visit {
  const PortalContext& ctx;
  storage::Connection& db;
  const http::Request& request;
  web::PageLocale locale;
  std::optional<api::Principal> customer;  // signed in
  std::string cookie;                      // the fd_portal value, when signed in
  FormData form;                           // a POST's fields and files

  [[nodiscard]] std::string text(std::string_view key) const;
  // The forms' hidden CSRF field's value (empty when signed out).
  [[nodiscard]] std::string csrf() const;
  // "?lang=es" when ?lang= chose the locale (links and redirects carry it on), else "".
  [[nodiscard]] std::string lang_query() const;
};

using Handler = http::Response (*)(Visit& visit);

// The page `name` with the data every portal page has (title, languages for `path`, the
// signed-in bar with the sign-out form and its CSRF token).
http::Response portal_page(Visit& visit, unsigned status, std::string_view name, std::string_view title,
                           std::string_view path, web::Data data);

// A page that only says something (not found, refused, a link that expired).
http::Response message_page(Visit& visit, unsigned status, std::string_view title_key, std::string_view text_key);

// 303 See Other to `location` (a path of ours, with the locale's ?lang= carried on when
// `query` is empty, else appended after it), so a reload never repeats a form's POST.
http::Response see_other(const Visit& visit, std::string_view path, std::string_view query = {});

}  // namespace frontdesk::portal
