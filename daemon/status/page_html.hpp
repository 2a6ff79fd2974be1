// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page as people read it: page_model.hpp's view model turned into the data of
// web/pages/status_page.mustache in one locale (state names, dates and percentages from the
// catalogues; a text alternative for every uptime bar), and the small pages that answer a
// subscription's links (web/pages/status_message.mustache).
#include "web/site.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace frontdesk::status {

// The status page's data for `view` (page_view()) in `locale`.
[[nodiscard]] web::Data status_page_data(const boost::json::object& view, const web::Site& site,
                                         const web::PageLocale& locale);

// A page that says one thing: a heading (message `title_key`) and a paragraph (message
// `text_key`), a link back to the status page, and `form` ({action, button, field, value})
// when the reader has a button to press.
struct MessagePage {
  std::string_view title_key;
  std::string_view text_key;
  web::Data form = web::Data::type::bool_false;
};

[[nodiscard]] http::Response message_page(unsigned status, const web::Site& site, const web::PageLocale& locale,
                                          std::string_view page_name, const MessagePage& page);

}  // namespace frontdesk::status
