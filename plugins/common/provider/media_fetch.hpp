// SPDX-License-Identifier: Apache-2.0
#pragma once
// Downloads a media file a provider's webhook points at (WhatsApp Graph API media, Twilio
// MMS media): credentials, redirects, a size cap and a timeout, and a clear line between
// failures worth retrying and media that is gone or refused for good.
#include "provider/http_client.hpp"

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace frontdesk::provider {

struct MediaRequest {
  std::string url;
  std::string authorization;  // Authorization header value, or empty
  // scheme://host[:port] the Authorization header may be sent to; empty: url's own origin.
  // A redirect elsewhere (Twilio sends media from its storage hosts) is followed without it.
  std::string credential_origin;
  std::chrono::milliseconds timeout{15000};
  std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
};

// Media that will not come however often it is asked for: a 4xx answer, too many
// redirects, or a file larger than max_bytes.
class MediaRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kMaxMediaRedirects = 5;

// The 200 answer (body and Content-Type), following up to kMaxMediaRedirects redirects.
// Throws HttpError when trying again later may help (no answer, 429, 5xx) and
// MediaRefused otherwise.
HttpResponse fetch_media(const MediaRequest& request);

}  // namespace frontdesk::provider
