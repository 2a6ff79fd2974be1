// SPDX-License-Identifier: Apache-2.0
#include "media.hpp"

#include "provider/media_fetch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

namespace frontdesk::whatsapp {

namespace {

// The Graph API answers the lookup, and the download URL (on Meta's CDN host) takes the
// same bearer token.
provider::HttpResponse get(const Config& config, const std::string& url) {
  return provider::fetch_media(
      {url, "Bearer " + config.access_token, {}, config.http_timeout, config.max_media_bytes});
}

}  // namespace

sdk::Attachment download_media(const Config& config, const MediaRef& media) {
  const auto info = get(config, config.api_base + "/" + media.id);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(info.body, ec);
  const auto* url = !ec && parsed.is_object() ? parsed.get_object().if_contains("url") : nullptr;
  if (url == nullptr || !url->is_string())
    throw std::runtime_error("media " + media.id + " has no download URL");
  std::string mime = media.mime_type;
  if (const auto* m = parsed.get_object().if_contains("mime_type");
      mime.empty() && m != nullptr && m->is_string()) {
    mime = std::string(m->get_string());
  }
  auto content = get(config, std::string(url->get_string()));
  if (mime.empty())
    mime = content.content_type.empty() ? "application/octet-stream" : content.content_type;
  return sdk::Attachment{media.filename, mime, std::move(content.body), {}};
}

}  // namespace frontdesk::whatsapp
