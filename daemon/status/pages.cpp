// SPDX-License-Identifier: Apache-2.0
#include "status/pages.hpp"

#include "status/page_html.hpp"
#include "status/page_model.hpp"
#include "web/site.hpp"

namespace frontdesk::status {

namespace {

http::Response link_invalid(const web::Site& site, const PageSettings& page, const web::PageLocale& locale) {
  return message_page(400, site, locale, page.name, {"status_link_invalid_title", "status_link_invalid_text"});
}

// The page for a subscription link's answer: `done` when it succeeded, else the invalid link's.
http::Response link_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                         const http::Response& answer, const MessagePage& done) {
  const auto locale = site.locale_of(req);
  if (answer.status >= 400) return link_invalid(site, page, locale);
  return message_page(answer.status, site, locale, page.name, done);
}

}  // namespace

bool wants_html(const http::Request& req) {
  return req.header("Accept").value_or("").find("text/html") != std::string_view::npos;
}

http::Response status_page(storage::Connection& db, const web::Site& site, const PageSettings& page,
                           const http::Request& req) {
  const auto locale = site.locale_of(req);
  return site.page(200, "status_page", locale, status_page_data(page_view(db, page), site, locale));
}

http::Response subscribe_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                              const http::Response& answer) {
  const auto locale = site.locale_of(req);
  if (answer.status < 400) {
    return message_page(answer.status, site, locale, page.name,
                        {"status_subscribe_sent_title", "status_subscribe_sent_text"});
  }
  auto response = message_page(answer.status, site, locale, page.name,
                               {"status_subscribe_invalid_title", answer.status == 429
                                                                      ? "status_subscribe_limited_text"
                                                                      : "status_subscribe_invalid_text"});
  for (const auto& [name, value] : answer.headers) {
    if (name == "Retry-After") response.headers.emplace_back(name, value);
  }
  return response;
}

http::Response confirm_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                            const http::Response& answer) {
  return link_page(site, page, req, answer, {"status_confirmed_title", "status_confirmed_text"});
}

http::Response unsubscribed_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                                 const http::Response& answer) {
  return link_page(site, page, req, answer, {"status_unsubscribed_title", "status_unsubscribed_text"});
}

http::Response unsubscribe_form(storage::Connection& db, const web::Site& site, const PageSettings& page,
                                const http::Request& req) {
  const auto locale = site.locale_of(req);
  const auto token = unsubscribe_token(db, req);
  if (!token) return link_invalid(site, page, locale);
  web::Data form = web::Data::type::object;
  // A valid token is digits, letters and dots: nothing to escape in the URL.
  form.set("action", "/status/unsubscribe?token=" + *token + (locale.from_query ? "&lang=" + locale.locale : ""));
  form.set("field", "List-Unsubscribe");
  form.set("value", "One-Click");
  form.set("button", site.messages().text(locale.locale, "status_unsubscribe_button"));
  return message_page(200, site, locale, page.name,
                      {"status_unsubscribe_title", "status_unsubscribe_text", std::move(form)});
}

}  // namespace frontdesk::status
