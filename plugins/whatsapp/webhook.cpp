// SPDX-License-Identifier: Apache-2.0
#include "webhook.hpp"

#include "provider/customer_reply.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace frontdesk::whatsapp {

namespace json = boost::json;

namespace {

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object* obj(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* arr(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::string number_text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_double()) return std::to_string(v->get_double());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

std::string extension(std::string_view mime) {
  static const std::map<std::string_view, std::string_view> known{
      {"image/jpeg", "jpg"}, {"image/png", "png"},   {"image/webp", "webp"}, {"audio/ogg", "ogg"},
      {"audio/mpeg", "mp3"}, {"audio/aac", "aac"},   {"audio/mp4", "m4a"},   {"video/mp4", "mp4"},
      {"application/pdf", "pdf"}, {"text/plain", "txt"}};
  const auto semicolon = mime.find(';');
  const auto it = known.find(mime.substr(0, semicolon));
  return it != known.end() ? std::string(it->second) : std::string("bin");
}

// A message that is only STOP or UNSUBSCRIBE opts the customer out of what we send them on
// WhatsApp (seed 002; the host records it, and the outbox and notifications respect it);
// START opts them back in. Any other text is an ordinary message.
std::string_view opt_out_change(std::string_view body) {
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())) != 0) body.remove_prefix(1);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())) != 0) body.remove_suffix(1);
  if (body.size() > 16) return {};
  std::string word(body);
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (word == "STOP" || word == "UNSUBSCRIBE") return "stop";
  if (word == "START") return "start";
  return {};
}

std::string subject_from(std::string_view body) {
  constexpr std::size_t kMax = 80;
  std::string line(body.substr(0, body.find('\n')));
  if (line.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    line = line.substr(0, cut) + "…";
  }
  return line.empty() ? std::string("WhatsApp message") : line;
}

using provider::Parsed;

Parsed<IncomingMessage> to_incoming(const json::object& m, const std::map<std::string, std::string>& names,
                                    std::string_view phone_number_id) {
  const auto malformed = Parsed<IncomingMessage>::malformed;
  IncomingMessage in;
  auto& out = in.message;
  const std::string from = str(m, "from");
  out.external_id = str(m, "id");
  if (from.empty() || out.external_id.empty()) return malformed("a message lacks 'from' or 'id'");
  out.identity_kind = "whatsapp";
  out.identity_value = from;
  if (const auto it = names.find(from); it != names.end()) out.customer_name = it->second;
  out.thread_keys = {thread_key(from)};
  out.own_thread_key = thread_key(from);

  const std::string type = str(m, "type");
  json::object meta;
  meta["waType"] = type;
  meta["waId"] = from;
  meta["timestamp"] = str(m, "timestamp");
  if (!phone_number_id.empty()) meta["phoneNumberId"] = phone_number_id;
  if (const auto* context = obj(m, "context")) meta["context"] = *context;

  if (type == "text") {
    const auto* text = obj(m, "text");
    out.body = text != nullptr ? str(*text, "body") : std::string();
    if (const auto change = opt_out_change(out.body); !change.empty()) {
      meta["optOut"] = change;
      meta["keyword"] = change == "stop" ? "STOP" : "START";
      meta["from"] = from;
    } else {
      provider::add_reply_metadata(provider::classify_reply(out.body), meta);
    }
  } else if (type == "image" || type == "document" || type == "audio" || type == "video" ||
             type == "sticker") {
    const auto* media = obj(m, type);
    if (media == nullptr || str(*media, "id").empty()) return malformed("a " + type + " message lacks its media id");
    MediaRef ref{str(*media, "id"), str(*media, "mime_type"), str(*media, "filename")};
    if (ref.filename.empty()) ref.filename = type + "-" + ref.id + "." + extension(ref.mime_type);
    out.body = str(*media, "caption");
    if (out.body.empty()) out.body = "[" + type + ": " + ref.filename + "]";
    meta["mediaId"] = ref.id;
    in.media.push_back(std::move(ref));
  } else if (type == "location") {
    const auto* loc = obj(m, "location");
    if (loc == nullptr) return malformed("a location message lacks 'location'");
    const std::string lat = number_text(*loc, "latitude");
    const std::string lon = number_text(*loc, "longitude");
    const std::string name = str(*loc, "name");
    const std::string address = str(*loc, "address");
    out.body = "Location: " + (name.empty() ? std::string() : name + ", ") +
               (address.empty() ? std::string() : address + " ") + "(" + lat + ", " + lon + ")";
    meta["location"] = *loc;
  } else if (type == "interactive") {
    const auto* interactive = obj(m, "interactive");
    const json::object* reply = nullptr;
    if (interactive != nullptr) {
      reply = obj(*interactive, "button_reply");
      if (reply == nullptr) reply = obj(*interactive, "list_reply");
    }
    if (reply == nullptr) return malformed("an interactive message lacks button_reply or list_reply");
    const std::string id = str(*reply, "id");
    out.body = str(*reply, "title");
    meta["replyId"] = id;
    // Our CSAT survey's rows are "csat:1".."csat:5".
    if (id.size() == 6 && id.rfind("csat:", 0) == 0 && id[5] >= '1' && id[5] <= '5') {
      meta["surveyAnswer"] = id[5] - '0';
    } else {
      provider::add_reply_metadata(provider::classify_reply(id), meta);
    }
  } else if (type == "button") {
    const auto* button = obj(m, "button");
    out.body = button != nullptr ? str(*button, "text") : std::string();
    if (button != nullptr) meta["payload"] = str(*button, "payload");
  } else if (type == "reaction") {
    const auto* reaction = obj(m, "reaction");
    const std::string emoji = reaction != nullptr ? str(*reaction, "emoji") : std::string();
    out.body = emoji.empty() ? "[removed a reaction]" : "[reacted " + emoji + "]";
    if (reaction != nullptr) meta["reaction"] = *reaction;
  } else {
    out.body = "[unsupported WhatsApp message type '" + type + "']";
    meta["raw"] = m;
  }
  if (out.body.empty()) out.body = "[empty " + type + " message]";
  out.subject = subject_from(out.body);
  out.metadata_json = json::serialize(meta);
  return in;
}

StatusUpdate to_status(const json::object& s) {
  StatusUpdate u{str(s, "id"), str(s, "status"), {}};
  if (const auto* errors = arr(s, "errors"); errors != nullptr && !errors->empty() && (*errors)[0].is_object()) {
    const auto& e = (*errors)[0].get_object();
    u.error = number_text(e, "code") + " " + str(e, "title");
    if (const auto* data = obj(e, "error_data"); data != nullptr && !str(*data, "details").empty()) {
      u.error += ": " + str(*data, "details");
    } else if (!str(e, "message").empty() && str(e, "message") != str(e, "title")) {
      u.error += ": " + str(e, "message");
    }
  }
  return u;
}

}  // namespace

std::string thread_key(std::string_view wa_id) { return "wa:" + std::string(wa_id); }

Parsed<Webhook> parse_webhook(std::string_view body) {
  const auto malformed = Parsed<Webhook>::malformed;
  boost::system::error_code ec;
  const auto root = json::parse(body, ec);
  if (ec) return malformed("the body is not JSON: " + ec.message());
  if (!root.is_object()) return malformed("the body is not a JSON object");
  const auto& top = root.get_object();
  if (str(top, "object") != "whatsapp_business_account") {
    return malformed("'object' is not whatsapp_business_account");
  }
  const auto* entries = arr(top, "entry");
  if (entries == nullptr) return malformed("'entry' is missing");
  Webhook out;
  for (const auto& entry : *entries) {
    if (!entry.is_object()) return malformed("an entry is not an object");
    const auto* changes = arr(entry.get_object(), "changes");
    if (changes == nullptr) continue;
    for (const auto& change : *changes) {
      if (!change.is_object()) return malformed("a change is not an object");
      const auto& c = change.get_object();
      const auto* value = obj(c, "value");
      if (str(c, "field") != "messages" || value == nullptr) continue;
      std::map<std::string, std::string> names;
      if (const auto* contacts = arr(*value, "contacts")) {
        for (const auto& contact : *contacts) {
          if (!contact.is_object()) continue;
          const auto* profile = obj(contact.get_object(), "profile");
          names[str(contact.get_object(), "wa_id")] = profile != nullptr ? str(*profile, "name") : std::string();
        }
      }
      std::string phone_number_id;
      if (const auto* meta = obj(*value, "metadata")) phone_number_id = str(*meta, "phone_number_id");
      if (const auto* messages = arr(*value, "messages")) {
        for (const auto& m : *messages) {
          if (!m.is_object()) return malformed("a message is not an object");
          auto incoming = to_incoming(m.get_object(), names, phone_number_id);
          if (!incoming) return malformed(incoming.error());
          out.messages.push_back(*std::move(incoming));
        }
      }
      if (const auto* statuses = arr(*value, "statuses")) {
        for (const auto& s : *statuses) {
          if (!s.is_object()) return malformed("a status is not an object");
          auto update = to_status(s.get_object());
          if (update.wamid.empty()) return malformed("a status lacks its message id");
          out.statuses.push_back(std::move(update));
        }
      }
    }
  }
  return out;
}

}  // namespace frontdesk::whatsapp
