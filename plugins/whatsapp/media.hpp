// SPDX-License-Identifier: Apache-2.0
#pragma once
// Downloads a WhatsApp media object: GET {api_base}/{media-id} gives a short-lived URL,
// which is then fetched with the same access token.
#include "config.hpp"
#include "webhook.hpp"

#include <frontdesk/plugin.hpp>

namespace frontdesk::whatsapp {

// The attachment, or throws provider::HttpError (retry later: the webhook is refused so
// Meta redelivers it) or std::runtime_error (the media is gone or refused for good).
sdk::Attachment download_media(const Config& config, const MediaRef& media);

}  // namespace frontdesk::whatsapp
