// SPDX-License-Identifier: Apache-2.0
#pragma once
// A page whose data arrives as JSON: what a channel plugin answers with (fd_http_response's
// `page`), rendered by the Site like the daemon's own pages. The data's "title" heads the
// page (else the catalogue's "<page>_title"), its "script" names an asset ("suggest.js") the
// page loads; the language switcher links `path` in every offered locale.
#include "web/site.hpp"

#include <optional>
#include <string_view>

namespace frontdesk::web {

// Where the request asked for its page: the path, and the two things the locale comes from.
struct PageRequest {
  std::string path;
  std::optional<std::string> lang;             // ?lang=
  std::optional<std::string> accept_language;  // the header
};

// Throws std::invalid_argument when `data_json` is not a JSON object or names an unknown
// script, std::out_of_range for an unknown page or a page without a title.
[[nodiscard]] http::Response json_page(const Site& site, unsigned status, std::string_view name,
                                       const PageRequest& request, std::string_view data_json);

}  // namespace frontdesk::web
