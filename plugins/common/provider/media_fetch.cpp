// SPDX-License-Identifier: Apache-2.0
#include "provider/media_fetch.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace frontdesk::provider {

namespace {

std::string origin_of(const Poco::URI& uri) {
  return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
}

std::string origin_of(const std::string& url) {
  try {
    return origin_of(Poco::URI(url));
  } catch (const Poco::Exception& e) {
    throw MediaRefused("bad media URL: " + e.displayText());
  }
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

HttpResponse fetch_media(const MediaRequest& media) {
  const std::string trusted =
      origin_of(media.credential_origin.empty() ? media.url : media.credential_origin);
  std::string url = media.url;
  for (int redirects = 0;; ++redirects) {
    HttpRequest request;
    request.url = url;
    if (!media.authorization.empty() && origin_of(url) == trusted) {
      request.headers = {{"Authorization", media.authorization}};
    }
    HttpResponse response;
    try {
      response = fetch(request, media.timeout, media.max_bytes);
    } catch (const BodyTooLarge& e) {
      throw MediaRefused(std::string("media refused: ") + e.what());
    }
    if (is_redirect(response.status) && !response.location.empty()) {
      if (redirects == kMaxMediaRedirects) throw MediaRefused("media server redirected too often");
      try {
        Poco::URI next(url);
        next.resolve(response.location);
        url = next.toString();
      } catch (const Poco::Exception& e) {
        throw MediaRefused("bad redirect from the media server: " + e.displayText());
      }
      continue;
    }
    if (response.status >= 500 || response.status == 429) {
      throw HttpError("media server answered HTTP " + std::to_string(response.status));
    }
    if (response.status != 200) {
      throw MediaRefused("media server answered HTTP " + std::to_string(response.status));
    }
    return response;
  }
}

}  // namespace frontdesk::provider
