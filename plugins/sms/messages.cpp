// SPDX-License-Identifier: Apache-2.0
#include "messages.hpp"

#include "provider/customer_reply.hpp"
#include "segments.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace frontdesk::sms {

namespace json = boost::json;

Keyword classify_keyword(std::string_view body) {
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())) != 0) body.remove_prefix(1);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())) != 0) body.remove_suffix(1);
  std::string word(body);
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  static constexpr std::array<std::string_view, 6> kStop{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"};
  static constexpr std::array<std::string_view, 3> kStart{"START", "YES", "UNSTOP"};
  static constexpr std::array<std::string_view, 2> kHelp{"HELP", "INFO"};
  const auto in = [&word](const auto& list) { return std::find(list.begin(), list.end(), word) != list.end(); };
  if (in(kStop)) return Keyword::stop;
  if (in(kStart)) return Keyword::start;
  if (in(kHelp)) return Keyword::help;
  return Keyword::none;
}

std::string thread_key(std::string_view number) { return "sms:" + std::string(number); }

int media_count(const provider::FormParams& params) {
  const std::string n = provider::form_value(params, "NumMedia");
  const bool number = !n.empty() && n.size() <= 2 &&
                      std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  return number ? std::stoi(n) : 0;
}

provider::Parsed<sdk::InboundMessage> to_inbound(const provider::FormParams& params) {
  sdk::InboundMessage m;
  m.external_id = provider::form_value(params, "MessageSid");
  if (m.external_id.empty()) m.external_id = provider::form_value(params, "SmsSid");
  const std::string from = provider::form_value(params, "From");
  if (m.external_id.empty() || from.empty()) {
    return provider::Parsed<sdk::InboundMessage>::malformed("MessageSid and From are required");
  }
  m.identity_kind = "phone";
  m.identity_value = from;
  m.thread_keys = {thread_key(from)};
  m.own_thread_key = thread_key(from);
  m.body = provider::form_value(params, "Body");

  json::object meta;
  meta["from"] = from;
  meta["to"] = provider::form_value(params, "To");
  const auto count = count_segments(m.body);
  meta["encoding"] = count.encoding;
  meta["segments"] = count.segments;
  json::array media;
  const int n = media_count(params);
  for (int i = 0; i < n; ++i) {
    const auto url = provider::form_value(params, "MediaUrl" + std::to_string(i));
    if (url.empty()) continue;
    media.push_back(json::object{{"url", url}, {"contentType", provider::form_value(params, "MediaContentType" + std::to_string(i))}});
  }
  if (!media.empty()) meta["media"] = media;
  switch (classify_keyword(m.body)) {
    case Keyword::stop:
      meta["optOut"] = "stop";
      meta["keyword"] = "STOP";
      break;
    case Keyword::start:
      meta["optOut"] = "start";
      meta["keyword"] = "START";
      break;
    case Keyword::help:
      meta["keyword"] = "HELP";
      break;
    case Keyword::none:
      provider::add_reply_metadata(provider::classify_reply(m.body), meta);
      break;
  }
  if (m.body.empty()) m.body = media.empty() ? "[empty SMS]" : "[MMS with " + std::to_string(media.size()) + " media]";
  std::string subject(m.body.substr(0, m.body.find('\n')));
  if (subject.size() > 80) {
    std::size_t cut = 80;
    while (cut > 0 && (static_cast<unsigned char>(subject[cut]) & 0xC0) == 0x80) --cut;
    subject = subject.substr(0, cut) + "…";
  }
  m.subject = subject;
  m.metadata_json = json::serialize(meta);
  return m;
}

namespace {

// A file name for an MMS item: the media SID Twilio puts last in its URL, with the usual
// extension of its type (phones show a file without one as unknown).
std::string media_filename(const std::string& url, const std::string& content_type, std::size_t index) {
  std::string name = url.substr(0, url.find_first_of("?#"));
  name = name.substr(name.find_last_of('/') + 1);
  if (name.empty() || name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
                          std::string::npos) {
    name = "media" + std::to_string(index);
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kExtensions{{
      {"image/jpeg", ".jpg"}, {"image/png", ".png"}, {"image/gif", ".gif"}, {"image/webp", ".webp"},
      {"video/mp4", ".mp4"}, {"video/3gpp", ".3gp"}, {"audio/mpeg", ".mp3"}, {"audio/amr", ".amr"},
      {"audio/ogg", ".ogg"}, {"text/vcard", ".vcf"}, {"text/x-vcard", ".vcf"}, {"application/pdf", ".pdf"}}};
  const std::string_view type = std::string_view(content_type).substr(0, content_type.find(';'));
  for (const auto& [mime, extension] : kExtensions) {
    if (type == mime) return name + std::string(extension);
  }
  return name;
}

}  // namespace

void attach_media(sdk::InboundMessage& message, const MediaFetcher& fetch) {
  boost::system::error_code ec;
  auto meta = json::parse(message.metadata_json, ec);
  if (ec || !meta.is_object()) return;
  auto* media = meta.get_object().if_contains("media");
  if (media == nullptr || !media->is_array()) return;
  std::int64_t errors = 0;
  std::size_t index = 0;
  for (auto& item : media->get_array()) {
    auto& entry = item.as_object();
    const std::string url(entry["url"].as_string());
    const std::string type(entry["contentType"].as_string());
    try {
      auto attachment = fetch(url, type);
      attachment.filename = media_filename(url, attachment.content_type, index);
      entry["attachment"] = attachment.filename;
      message.attachments.push_back(std::move(attachment));
    } catch (const std::exception& e) {
      entry["error"] = e.what();
      ++errors;
    }
    ++index;
  }
  if (errors > 0) meta.get_object()["mediaErrors"] = errors;
  message.metadata_json = json::serialize(meta);
}

StatusReport to_status(const provider::FormParams& params) {
  StatusReport r;
  r.sid = provider::form_value(params, "MessageSid");
  const std::string s = provider::form_value(params, "MessageStatus");
  if (s == "sent" || s == "delivered" || s == "read") {
    r.status = s;
  } else if (s == "failed" || s == "undelivered") {
    r.status = "failed";
    const std::string code = provider::form_value(params, "ErrorCode");
    r.error = s + (code.empty() ? std::string() : " (Twilio error " + code + ")");
  }
  return r;
}

std::string outbound_form(const Config& config, std::string_view to, std::string_view body) {
  provider::FormParams params{{"To", std::string(to)}, {"Body", std::string(body)}};
  // A messaging service sid (MG...) goes in its own parameter.
  if (config.from.rfind("MG", 0) == 0) {
    params.emplace_back("MessagingServiceSid", config.from);
  } else {
    params.emplace_back("From", config.from);
  }
  params.emplace_back("StatusCallback", config.public_url + "/status");
  return provider::encode_form(params);
}

SendOutcome classify_response(int http_status, std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = json::parse(body, ec);
  const json::object* root = !ec && parsed.is_object() ? &parsed.get_object() : nullptr;
  const auto text = [root](std::string_view key) {
    const auto* v = root != nullptr ? root->if_contains(key) : nullptr;
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (http_status >= 200 && http_status < 300) return {FD_DELIVERY_SENT, text("sid"), {}};
  std::string error = "HTTP " + std::to_string(http_status);
  if (root != nullptr) {
    const auto* code = root->if_contains("code");
    const std::string message = text("message");
    if (code != nullptr && code->is_int64()) error = "Twilio error " + std::to_string(code->get_int64());
    if (!message.empty()) error += ": " + message;
  }
  const bool transient = http_status == 429 || http_status >= 500 || http_status == 401;
  return {transient ? FD_DELIVERY_TRANSIENT : FD_DELIVERY_PERMANENT, {}, error};
}

}  // namespace frontdesk::sms
