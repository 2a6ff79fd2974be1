// SPDX-License-Identifier: Apache-2.0
#include "notifications/notification_request.hpp"

#include "notifications/channel_choice.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace frontdesk::notifications {

namespace json = boost::json;

namespace {

api::Result<CustomerRef> customer_ref(const json::value* v) {
  if (v == nullptr || !v->is_object()) return api::invalid("customer is required: {id} or {email} or {phone}");
  const auto& o = v->get_object();
  CustomerRef ref;
  int given = 0;
  for (const auto& [key, value] : o) {
    ++given;
    if (key == "id" && value.is_int64() && value.get_int64() > 0) {
      ref.id = value.get_int64();
    } else if ((key == "email" || key == "phone") && value.is_string() && !value.get_string().empty() &&
               value.get_string().size() <= 320) {
      (key == "email" ? ref.email : ref.phone) = std::string(value.get_string());
    } else {
      return api::invalid("customer." + std::string(key) +
                          ": a customer is named by one of id (a positive number), email or phone (text)");
    }
  }
  if (given != 1) return api::invalid("customer: give exactly one of id, email, phone");
  return ref;
}

api::Result<std::map<std::string, std::string, std::less<>>> variables_of(const json::value* v) {
  std::map<std::string, std::string, std::less<>> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_object()) return api::invalid("variables must be an object of names to values");
  for (const auto& [key, value] : v->get_object()) {
    if (value.is_string()) {
      out.emplace(std::string(key), std::string(value.get_string()));
    } else if (value.is_number()) {
      out.emplace(std::string(key), json::serialize(value));
    } else {
      return api::invalid("variables." + std::string(key) + " must be text or a number");
    }
    if (out.size() > 50) return api::invalid("variables: at most 50");
  }
  return out;
}

}  // namespace

api::Result<NotificationRequest> read_request(const api::JsonBody& body) {
  NotificationRequest r;
  FD_TRY(r.customer, customer_ref(body.raw("customer")));
  FD_TRY(r.template_name, body.required_string("template", 100));
  if (r.template_name.empty()) return api::invalid("template must not be empty");
  FD_TRY(r.variables, variables_of(body.raw("variables")));
  FD_TRY(const auto channels, body.strings("channels", kChannels.size(), 16));
  for (const auto& c : channels.value_or(std::vector<std::string>(kChannels.begin(), kChannels.end()))) {
    if (std::find(kChannels.begin(), kChannels.end(), c) == kChannels.end()) {
      return api::invalid("channels: unknown channel '" + c + "' (valid: whatsapp, sms, email)");
    }
    if (std::find(r.channels.begin(), r.channels.end(), c) == r.channels.end()) r.channels.push_back(c);
  }
  if (r.channels.empty()) return api::invalid("channels must name at least one channel");
  FD_TRY(r.idempotency_key, body.required_string("idempotencyKey", 200));
  if (r.idempotency_key.empty()) return api::invalid("idempotencyKey must not be empty");
  return r;
}

}  // namespace frontdesk::notifications
