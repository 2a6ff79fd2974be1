// SPDX-License-Identifier: Apache-2.0
#include "web/asset_response.hpp"

namespace frontdesk::web {

http::Response asset_response(const Asset& asset, const http::Request& request,
                              std::string_view cache_control) {
  http::Response response;
  response.headers.emplace_back("ETag", asset.etag);
  response.headers.emplace_back("Cache-Control", std::string(cache_control));
  if (!asset.gzip.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (request.header("If-None-Match") == std::optional<std::string_view>(asset.etag)) {
    response.status = 304;
    return response;
  }
  response.content_type = asset.content_type;
  const auto accepted = request.header("Accept-Encoding");
  if (!asset.gzip.empty() && accepted && accepted->find("gzip") != std::string_view::npos) {
    response.body = asset.gzip;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = asset.body;
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace frontdesk::web
