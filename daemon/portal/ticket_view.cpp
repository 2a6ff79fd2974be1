// SPDX-License-Identifier: Apache-2.0
#include "portal/ticket_view.hpp"

#include "http/request.hpp"
#include "storage/connection.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <array>

namespace frontdesk::portal {

namespace {

namespace json = boost::json;
using web::Data;

constexpr std::array kDone{"replied", "follow_up", "closed", "reopened", "rated"};
constexpr std::array kErrors{"invalid", "conflict", "too_large", "too_many", "form"};

std::string str(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); }

// "12 KB", "1.5 MB": a file's size as people read it.
std::string size_text(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
  const auto tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

// A flash message's key when ?name= is one of `allowed`, else "".
template <std::size_t N>
std::string flash(const Visit& visit, std::string_view name, const std::array<const char*, N>& allowed) {
  const auto value = visit.request.query_param(name);
  if (!value) return {};
  for (const auto* a : allowed) {
    if (*value == a) return "portal_" + std::string(name) + "_" + *value;
  }
  return {};
}

Data message_data(const Visit& visit, std::string_view ticket_path, const json::object& m) {
  Data out = Data::type::object;
  const bool mine = str(m.at("author").as_object().at("kind")) == "customer";
  out.set("mine", mine);
  out.set("author", visit.text(mine ? "portal_author_you" : "portal_author_support"));
  out.set("at", str(m.at("createdAt")));
  out.set("at_text", shown_time(str(m.at("createdAt"))));
  out.set("text", str(m.at("message")));
  Data files = Data::type::list;
  for (const auto& value : m.at("attachments").as_array()) {
    const auto& a = value.as_object();
    Data file = Data::type::object;
    const auto* id = a.if_contains("id");
    if (id && id->is_int64()) {
      file.set("name", str(a.at("fileName")));
      file.set("href", std::string(ticket_path) + "/attachments/" + std::to_string(id->as_int64()));
      file.set("size", size_text(a.at("size").to_number<std::int64_t>()));
    } else {
      // A link someone gave through the API: followed only when it is the web's.
      const auto url = str(a.at("url"));
      const auto name = str(a.at("fileName"));
      file.set("name", name.empty() ? url : name);
      if (url.starts_with("https://") || url.starts_with("http://")) file.set("href", url);
      file.set("external", true);
    }
    files.push_back(file);
  }
  out.set("has_files", !files.list_value().empty());
  out.set("files", std::move(files));
  return out;
}

Data rating_choices(const Visit& visit) {
  Data list = Data::type::list;
  for (int n = 5; n >= 1; --n) {
    Data choice = Data::type::object;
    choice.set("value", std::to_string(n));
    choice.set("label", visit.text("portal_rating_" + std::to_string(n)));
    list.push_back(choice);
  }
  return list;
}

}  // namespace

std::string label(const Visit& visit, std::string_view prefix, std::string_view value) {
  const auto key = std::string(prefix) + std::string(value);
  const auto& messages = visit.ctx.site.messages();
  return messages.has(visit.locale.locale, key) ? messages.text(visit.locale.locale, key) : std::string(value);
}

std::string shown_time(std::string_view iso) {
  if (iso.size() < 16 || iso[10] != 'T') return std::string(iso);
  return std::string(iso.substr(0, 10)) + " " + std::string(iso.substr(11, 5)) + " UTC";
}

Data conversation(Visit& visit, const json::object& ticket) {
  Data data = Data::type::object;
  const auto id = ticket.at("id").as_int64();
  const auto path = "/portal/tickets/" + std::to_string(id);
  const auto status = str(ticket.at("status"));
  data.set("id", std::to_string(id));
  data.set("number", str(ticket.at("ticketNumber")));
  data.set("subject", str(ticket.at("subject")));
  data.set("status", status);
  data.set("status_label", label(visit, "portal_status_", status));
  data.set("channel_label", label(visit, "portal_channel_", str(ticket.at("channel"))));
  data.set("created", str(ticket.at("createdAt")));
  data.set("created_text", shown_time(str(ticket.at("createdAt"))));
  Data messages = Data::type::list;
  for (const auto& value : ticket.at("messages").as_array()) {
    const auto& m = value.as_object();
    if (m.at("isInternal").as_bool()) continue;  // the API never sends one to a customer
    messages.push_back(message_data(visit, path, m));
  }
  data.set("messages", std::move(messages));
  if (const auto done = flash(visit, "done", kDone); !done.empty()) data.set("done", visit.text(done));
  if (const auto error = flash(visit, "error", kErrors); !error.empty()) data.set("error", visit.text(error));
  const bool finished = status == "resolved" || status == "closed";
  data.set("can_close", status != "closed");
  data.set("can_reopen", finished);
  data.set("reply_hint", visit.text(status == "closed" ? "portal_reply_hint_closed" : "portal_reply_hint"));
  auto rated = visit.db.exec("SELECT rating FROM surveys WHERE ticket_id = $1 AND answered_at IS NOT NULL", id);
  if (rated.rows() > 0) {
    data.set("rated", visit.ctx.site.messages().format(visit.locale.locale, "portal_rated",
                                                        {std::string(rated.text(0, 0))}));
  } else if (finished) {
    data.set("can_rate", true);
    data.set("ratings", rating_choices(visit));
  }
  return data;
}

bool shows_file(const json::object& ticket, std::string_view file) {
  for (const auto& m : ticket.at("messages").as_array()) {
    if (m.at("isInternal").as_bool()) continue;
    for (const auto& a : m.at("attachments").as_array()) {
      const auto* id = a.as_object().if_contains("id");
      if (id && id->is_int64() && std::to_string(id->as_int64()) == file) return true;
    }
  }
  return false;
}

http::Response download(std::string_view file_name, std::string_view hex_content) {
  http::Response response;
  response.content_type = "application/octet-stream";
  response.body.reserve(hex_content.size() / 2);
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex_content.size(); i += 2) {
    response.body += static_cast<char>(nibble(hex_content[i]) * 16 + nibble(hex_content[i + 1]));
  }
  std::string ascii;
  for (const char c : file_name) ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '_';
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
                                    boost::urls::encode(file_name, boost::urls::unreserved_chars));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace frontdesk::portal
