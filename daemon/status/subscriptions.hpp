// SPDX-License-Identifier: Apache-2.0
#pragma once
// The public side of subscriptions (no token): POST /status/subscribe {email | webhook,
// components?, locale?} as JSON or a form answers 202 and sends a confirmation link (double
// opt-in); GET /status/confirm?token= confirms; POST /status/unsubscribe?token= is the
// one-click unsubscribe of RFC 8058 (the List-Unsubscribe-Post target). Tokens are signed
// (subscription_token.hpp); a forged one, or one already used to unsubscribe, is refused.
// Sign-ups are limited per client address and hour (status.signup_limit_per_hour).
#include "http/request.hpp"
#include "net/destination_guard.hpp"
#include "http/response.hpp"
#include "status/notifier.hpp"

#include <optional>
#include <string>

namespace frontdesk::status {

struct SubscriptionSettings {
  PageSettings page;
  int signup_limit_per_hour = 5;
  // A webhook URL naming a non-public address is refused (webhooks.allow_private_networks).
  net::DestinationGuard webhook_guard;
  std::string default_locale;  // languages.default: the mail's language when the sign-up names none
};

http::Response subscribe(storage::Connection& db, const SubscriptionSettings& settings, const http::Request& req);
http::Response confirm(storage::Connection& db, const http::Request& req);
http::Response unsubscribe(storage::Connection& db, const http::Request& req);

// The request's ?token= when it is a valid unsubscribe link, changing nothing.
std::optional<std::string> unsubscribe_token(storage::Connection& db, const http::Request& req);

}  // namespace frontdesk::status
