// SPDX-License-Identifier: Apache-2.0
#pragma once
// Outbound Cloud API requests: which kind of message may be sent (the 24-hour
// customer-service window decides between free text and a template) and what the Graph
// API's answer means for the outbox.
#include "config.hpp"
#include "provider/delivery.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::whatsapp {

inline constexpr std::int64_t kServiceWindowMs = 24LL * 60 * 60 * 1000;

struct Outgoing {
  std::string to;  // wa_id
  std::string body;
  std::string metadata_json;         // the outbox row's metadata
  std::int64_t last_inbound_at_ms = 0;  // the customer's latest message, 0 = never
};

// The JSON to POST to {api_base}/{phone_number_id}/messages, or why nothing may be sent.
struct SendPlan {
  std::string request_json;  // empty when refused
  std::string refusal;       // the reason, for the message's delivery_error
  std::string kind;          // "text", "interactive" or "template"
};

// Inside the window: text, or an interactive list for a CSAT survey (metadata "survey");
// outside it: the template named in metadata {"template": {"name", "language", "parameters"}}
// (its body parameters in order; without them the message's text is the one parameter) or the
// configured template_name, else a refusal. `now_ms` is Unix time in milliseconds.
SendPlan plan_send(const Config& config, const Outgoing& message, std::int64_t now_ms);

using provider::SendOutcome;  // provider_id: the wamid when sent

// What an HTTP answer from the Graph API means: sent (with the wamid), transient (rate
// limits, server errors, expired tokens: retry later) or permanent (anything else the API
// refused, with its code and message).
SendOutcome classify_response(int http_status, std::string_view body);

}  // namespace frontdesk::whatsapp
