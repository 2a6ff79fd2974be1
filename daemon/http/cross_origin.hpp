// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which pages on other sites may read which answers (CORS, without credentials): the
// embeddable widget's knowledge base, web form and availability, from the sites that embed
// it. Only simple requests are meant (the widget sends no preflight), so none is answered.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::http {

struct CrossOrigin {
  std::vector<std::string> origins;  // "https://shop.example", as browsers send Origin
  std::vector<std::string> paths;    // exact paths, or prefixes when they end in '/'

  // The Access-Control-Allow-Origin value for a request from `origin` to `path`, if any.
  [[nodiscard]] std::optional<std::string> allowed(std::optional<std::string_view> origin,
                                                   std::string_view path) const;
};

}  // namespace frontdesk::http
