// SPDX-License-Identifier: Apache-2.0
#pragma once
// One built asset as an HTTP answer: gzip for clients that accept it, its ETag (304 to a
// client that has it), and the caching the route chooses.
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/assets.hpp"

#include <string_view>

namespace frontdesk::web {

http::Response asset_response(const Asset& asset, const http::Request& request,
                              std::string_view cache_control);

}  // namespace frontdesk::web
