// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page's HTML routes, for people in a browser (with or without JavaScript):
//   GET  /status                    the page (page_html.hpp) in the visitor's locale
//   POST /status/subscribe          from the page's form: a page saying what happens next
//   GET  /status/confirm?token=     a page saying the subscription is confirmed (or not)
//   GET  /status/unsubscribe?token= a page whose button POSTs the one-click unsubscribe, so
//                                   a mail scanner that fetches links unsubscribes nobody
//   POST /status/unsubscribe?token= from that button: a page saying it is done
// The subscription routes answer JSON to API clients and RFC 8058 one-click POSTs: a page
// only when the request accepts text/html (browsers say so; mail providers do not).
#include "http/request.hpp"
#include "http/response.hpp"
#include "status/subscriptions.hpp"

namespace frontdesk::web {
class Site;
}

namespace frontdesk::status {

[[nodiscard]] bool wants_html(const http::Request& req);

http::Response status_page(storage::Connection& db, const web::Site& site, const PageSettings& page,
                           const http::Request& req);

// `answer` is what the JSON route answered to `req` (subscribe, confirm or unsubscribe).
http::Response subscribe_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                              const http::Response& answer);
http::Response confirm_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                            const http::Response& answer);
http::Response unsubscribed_page(const web::Site& site, const PageSettings& page, const http::Request& req,
                                 const http::Response& answer);

// The page with the unsubscribe button; nothing changes until it is pressed.
http::Response unsubscribe_form(storage::Connection& db, const web::Site& site, const PageSettings& page,
                                const http::Request& req);

}  // namespace frontdesk::status
