// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Cloud API webhook payload (object "whatsapp_business_account", entry[].changes[]
// with field "messages") turned into messages to store and delivery statuses to record.
#include <frontdesk/plugin.hpp>

#include "provider/parsed.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::whatsapp {

// A media object to download through the Graph API before the message is stored.
struct MediaRef {
  std::string id;
  std::string mime_type;
  std::string filename;  // documents carry one; others get "<type>-<id>.<ext>"
};

struct IncomingMessage {
  sdk::InboundMessage message;  // without attachments
  std::vector<MediaRef> media;
};

struct StatusUpdate {
  std::string wamid;
  std::string status;  // sent, delivered, read, failed
  std::string error;   // for failed: "<code> <title>: <details>"
};

struct Webhook {
  std::vector<IncomingMessage> messages;
  std::vector<StatusUpdate> statuses;
};

// The payload, or what is wrong with a malformed one. Message types the channel does not
// know are stored with a placeholder body, never dropped.
provider::Parsed<Webhook> parse_webhook(std::string_view body);

// "wa:<wa_id>": the thread key that keeps a customer's messages on their open ticket.
std::string thread_key(std::string_view wa_id);

}  // namespace frontdesk::whatsapp
