// SPDX-License-Identifier: Apache-2.0
#pragma once
// The body of POST /api/v1/support/notifications, checked: {customer: {id | email | phone},
// template, variables: {name: text}, channels: [whatsapp, sms, email], idempotencyKey}.
#include "api/json_body.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::notifications {

struct CustomerRef {
  std::optional<std::int64_t> id;
  std::string email;
  std::string phone;
};

struct NotificationRequest {
  CustomerRef customer;
  std::string template_name;
  std::map<std::string, std::string, std::less<>> variables;
  std::vector<std::string> channels;  // in the caller's order; default whatsapp, sms, email
  std::string idempotency_key;
};

[[nodiscard]] api::Result<NotificationRequest> read_request(const api::JsonBody& body);

}  // namespace frontdesk::notifications
