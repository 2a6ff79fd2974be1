// SPDX-License-Identifier: Apache-2.0
#pragma once
// Twilio's messaging wire format: an inbound message webhook turned into a message to
// store, status callbacks, opt-out keywords, and the outbound Messages.json request.
#include "config.hpp"

#include <frontdesk/plugin.hpp>

#include "provider/delivery.hpp"
#include "provider/form.hpp"
#include "provider/parsed.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace frontdesk::sms {

enum class Keyword { none, stop, start, help };

// Twilio's default opt-out handling: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT opt
// out; START, YES, UNSTOP opt back in; HELP, INFO ask for help. The whole message, case
// and surrounding spaces ignored, must be the keyword.
Keyword classify_keyword(std::string_view body);

// The message for webhook parameters (MessageSid, From, To, Body, NumMedia, MediaUrlN...),
// or malformed when MessageSid or From is missing. Metadata carries the
// numbers, the segment count, media URLs, an opt-out keyword ({"optOut": "stop"|"start"},
// acted on by the database) and a command or survey digit.
provider::Parsed<sdk::InboundMessage> to_inbound(const provider::FormParams& params);

// NumMedia as a number (0 when absent or not a small count).
int media_count(const provider::FormParams& params);

// Fetches one MMS media item given its URL and the content type Twilio reported.
using MediaFetcher = std::function<sdk::Attachment(const std::string& url, const std::string& content_type)>;

// Stores every media item that to_inbound listed in the metadata ("media") as an
// attachment, marking it {"attachment": file name}. An item that cannot be fetched stays a
// URL with its "error", and "mediaErrors" counts them: the message is stored either way,
// because Twilio does not redeliver a message webhook that failed.
void attach_media(sdk::InboundMessage& message, const MediaFetcher& fetch);

// "sms:<number>": keeps a customer's texts on their open ticket.
std::string thread_key(std::string_view number);

// A status callback (MessageSid, MessageStatus, ErrorCode) as update_delivery arguments;
// `status` is empty for states that are not reported (queued, sending, accepted...).
struct StatusReport {
  std::string sid;
  std::string status;  // sent, delivered, read, failed
  std::string error;
};
StatusReport to_status(const provider::FormParams& params);

// The form body POSTed to {api_base}/2010-04-01/Accounts/{sid}/Messages.json.
std::string outbound_form(const Config& config, std::string_view to, std::string_view body);

using provider::SendOutcome;  // provider_id: the message sid when sent
// 201 with a sid: sent; 429 and 5xx: transient; other errors (e.g. 21610, the recipient
// replied STOP to the provider): permanent with Twilio's code and message.
SendOutcome classify_response(int http_status, std::string_view body);

}  // namespace frontdesk::sms
