// SPDX-License-Identifier: Apache-2.0
#include "pages.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

namespace frontdesk::webform {

namespace {

namespace json = boost::json;

// The page's common data: the configured heading replaces the catalogue's.
json::object base(const Config& config) {
  json::object data;
  if (!config.title.empty()) data["title"] = config.title;
  return data;
}

sdk::Response page(std::uint16_t status, std::string_view name, const json::object& data) {
  return sdk::Response::daemon_page(status, std::string(name), json::serialize(data));
}

// Refusals come in kinds that call for different advice; the template has one per kind.
std::string_view failure_kind(std::string_view code) {
  if (code == "rate_limited") return "rate_limited";
  if (code == "attachment_too_large" || code == "too_many_attachments") return "attachments";
  if (code == "unavailable") return "unavailable";
  if (code == "rejected") return "rejected";
  return "invalid";
}

// The layout's banner of the status page's open incidents (has_incident_banner,
// incident_banner [{title, impact, href}]) from the host's JSON (plugin.h, fd_incidents_done);
// nothing when there are none or the JSON is not that.
void add_incident_banner(std::string_view incidents_json, json::object& data) {
  boost::system::error_code ec;
  const auto parsed = json::parse(incidents_json, ec);
  const auto* root = !ec ? parsed.if_object() : nullptr;
  const auto* list = root != nullptr ? root->if_contains("incidents") : nullptr;
  if (list == nullptr || !list->is_array()) return;
  json::array items;
  for (const auto& v : list->get_array()) {
    const auto* o = v.if_object();
    if (o == nullptr) continue;
    const auto* title = o->if_contains("title");
    const auto* href = o->if_contains("href");
    const auto* impact = o->if_contains("impact");
    if (title == nullptr || href == nullptr || !title->is_string() || !href->is_string()) continue;
    items.push_back(json::object{{"title", *title}, {"href", *href},
                                 {"impact", impact != nullptr && impact->is_string() ? *impact : json::value("")}});
  }
  if (items.empty()) return;
  data["has_incident_banner"] = true;
  data["incident_banner"] = std::move(items);
}

}  // namespace

std::string format_size(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024;
  constexpr std::size_t kMiB = kKiB * kKiB;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KB";
  return std::to_string(bytes) + " B";
}

sdk::Response form_page(const Config& config, std::string_view incidents_json) {
  auto data = base(config);
  add_incident_banner(incidents_json, data);
  if (config.max_attachments > 0) {
    data["attachments"] = json::object{{"count", std::to_string(config.max_attachments)},
                                       {"size", format_size(config.max_attachment_bytes)}};
  }
  data["script"] = "suggest.js";
  return page(200, kFormPage, data);
}

sdk::Response ticket_page(std::uint16_t status, const Config& config, std::string_view ticket_number,
                          std::string_view access_token, bool created) {
  auto data = base(config);
  data[created ? "created" : "duplicate"] = true;
  data["ticketNumber"] = ticket_number;
  if (!access_token.empty()) data["accessToken"] = access_token;
  return page(status, kAnswerPage, data);
}

sdk::Response received_page(const Config& config) {
  auto data = base(config);
  data["received"] = true;
  return page(202, kAnswerPage, data);
}

sdk::Response failure_page(const Config& config, const Failure& failure) {
  auto data = base(config);
  data["failure"] = json::object{{std::string(failure_kind(failure.code)), true}};
  data["detail"] = failure.message;
  return page(failure.status, kAnswerPage, data);
}

}  // namespace frontdesk::webform
