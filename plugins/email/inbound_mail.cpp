// SPDX-License-Identifier: Apache-2.0
#include "inbound_mail.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <frontdesk/ticket_number.hpp>

#include <algorithm>

#include "charset.hpp"
#include "header_words.hpp"
#include "quote_trim.hpp"

namespace frontdesk::email {

namespace {

// The host's limits (plugin.h): text ≤ 1 MiB, keys ≤ one RFC 5322 line.
constexpr std::size_t kMaxBodyBytes = FD_INBOUND_TEXT_BYTES - 64;
constexpr std::size_t kMaxKeyBytes = FD_INBOUND_LINE_BYTES;
constexpr std::size_t kMaxThreadKeys = FD_INBOUND_MAX_THREAD_KEYS;

std::string first_token(std::string_view value) {
  const std::string lower = to_lower_ascii(value);
  return truncate_utf8(sanitize_utf8(lower.substr(0, lower.find_first_of(";( \t"))), 100);
}

std::string clean_header(const ParsedMail& mail, std::string_view name) {
  return truncate_utf8(decode_header_text(mail.header(name).value_or("")), 900);
}

std::string sha256_hex(std::string_view raw) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(raw.data(), static_cast<unsigned>(raw.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

boost::json::array to_json(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

}  // namespace

namespace {

// Everything but `original.eml`, which the callers add from `raw` (a copy or the original).
InboundMail normalize(std::string_view raw, const Envelope& envelope,
                      const NormalizeOptions& options) {
  ParseLimits limits;
  limits.max_attachment_bytes = options.max_attachment_bytes;
  ParsedMail mail = parse_mail(raw, limits);
  InboundMail out;

  const std::string sender = mail.from ? mail.from->address : to_lower_ascii(envelope.mail_from);
  const std::string sender_local = sender.substr(0, sender.find('@'));
  const bool daemon_sender = sender_local == "mailer-daemon" || sender_local == "postmaster" ||
                             (envelope.mail_from.empty() && envelope.source != "pop3" &&
                              envelope.source.rfind("pop3", 0) != 0 && mail.has_returned_message);

  // Delivery reports about our own messages update those messages instead of making tickets.
  if (mail.report || (daemon_sender && mail.has_returned_message)) {
    const std::string action = mail.report ? mail.report->action : "failed";
    if (!mail.original_message_id.empty()) {
      if (action == "failed") {
        out.kind = MailKind::bounce;
        out.bounced_message_id = mail.original_message_id;
        out.diagnostic = mail.report ? mail.report->diagnostic
                                     : truncate_utf8(mail.subject.empty() ? "returned by " + sender
                                                                          : mail.subject, 900);
        return out;
      }
      if (mail.report) {
        out.kind = MailKind::report_other;
        return out;
      }
    }
  }

  const std::string auto_submitted = first_token(mail.header("Auto-Submitted").value_or(""));
  const std::string precedence = first_token(mail.header("Precedence").value_or(""));
  const std::string list_id = clean_header(mail, "List-Id");
  std::vector<std::string> x_loops;
  bool our_loop = false;
  for (const auto& [name, value] : mail.headers) {
    if (to_lower_ascii(name) != "x-loop") continue;
    std::string loop = truncate_utf8(decode_header_text(value), 900);
    auto box = parse_mailbox(loop);
    if (box && box->address == options.our_address) our_loop = true;
    if (to_lower_ascii(loop) == options.our_address) our_loop = true;
    x_loops.push_back(std::move(loop));
  }
  const bool auto_reply = (!auto_submitted.empty() && auto_submitted != "no") ||
                          mail.header("X-Autoreply").has_value() ||
                          mail.header("X-Autorespond").has_value() || daemon_sender || our_loop ||
                          mail.report.has_value();
  const bool bulk = precedence == "bulk" || precedence == "junk" || precedence == "list" ||
                    !list_id.empty();

  auto& m = out.message;
  m.external_id = !mail.message_id.empty() ? truncate_utf8(mail.message_id, kMaxKeyBytes)
                                           : "sha256:" + sha256_hex(raw);
  m.identity_kind = "email";
  m.identity_value = sender.empty() ? "unknown@invalid" : truncate_utf8(sanitize_utf8(sender), 320);
  m.customer_name = mail.from_name;
  m.subject = mail.subject;
  if (auto token = sdk::find_ticket_token(mail.subject)) m.ticket_ref = *token;
  for (const auto* list : {&mail.in_reply_to, &mail.references}) {
    for (const auto& id : *list) {
      if (m.thread_keys.size() < kMaxThreadKeys && id != mail.message_id &&
          std::find(m.thread_keys.begin(), m.thread_keys.end(), id) == m.thread_keys.end()) {
        m.thread_keys.push_back(id);
      }
    }
  }
  m.own_thread_key = mail.message_id;

  const TrimmedText shown = trim_quoted_history(mail.text);
  m.body = truncate_utf8(shown.text, kMaxBodyBytes);
  if (m.body.empty() && m.subject.empty()) m.body = "(no text)";

  m.attachments.reserve(mail.attachments.size() + 1);
  for (auto& a : mail.attachments) {
    m.attachments.push_back(sdk::Attachment{std::move(a.filename), std::move(a.content_type),
                                            std::move(a.data), std::move(a.content_id)});
  }

  boost::json::object meta;
  meta["messageId"] = mail.message_id;
  meta["inReplyTo"] = to_json(mail.in_reply_to);
  meta["references"] = to_json(mail.references);
  meta["from"] = clean_header(mail, "From");
  meta["to"] = clean_header(mail, "To");
  if (auto cc = clean_header(mail, "Cc"); !cc.empty()) meta["cc"] = cc;
  if (auto date = clean_header(mail, "Date"); !date.empty()) meta["date"] = date;
  if (!auto_submitted.empty()) meta["autoSubmitted"] = auto_submitted;
  if (!precedence.empty()) meta["precedence"] = precedence;
  if (!x_loops.empty()) meta["xLoop"] = to_json(x_loops);
  if (!list_id.empty()) meta["listId"] = list_id;
  boost::json::array tags;
  if (auto_reply) tags.emplace_back("auto-reply");
  if (bulk) tags.emplace_back("bulk");
  meta["noAutoReply"] = auto_reply || bulk;
  if (!tags.empty()) meta["tags"] = std::move(tags);
  boost::json::object env;
  env["from"] = truncate_utf8(sanitize_utf8(envelope.mail_from), 320);
  boost::json::array recipients;
  for (const auto& r : envelope.recipients) recipients.emplace_back(sanitize_utf8(r));
  env["to"] = std::move(recipients);
  env["source"] = envelope.source;
  meta["envelope"] = std::move(env);
  meta["textFromHtml"] = mail.text_from_html;
  meta["quotedTrimmed"] = shown.trimmed;
  if (!mail.defects.empty()) meta["defects"] = to_json(mail.defects);
  if (!mail.dropped_attachments.empty()) {
    meta["droppedAttachments"] = to_json(mail.dropped_attachments);
  }
  m.metadata_json = boost::json::serialize(meta);
  return out;
}

constexpr std::string_view kOriginalName = "original.eml";
constexpr std::string_view kOriginalType = "message/rfc822";

}  // namespace

InboundMail normalize_mail(std::string_view raw, const Envelope& envelope,
                           const NormalizeOptions& options) {
  InboundMail out = normalize(raw, envelope, options);
  if (out.kind == MailKind::ticket) {
    out.message.attachments.push_back(sdk::Attachment{std::string(kOriginalName),
                                                      std::string(kOriginalType), std::string(raw), ""});
  }
  return out;
}

InboundMail normalize_mail(std::string&& raw, const Envelope& envelope,
                           const NormalizeOptions& options) {
  InboundMail out = normalize(raw, envelope, options);
  if (out.kind == MailKind::ticket) {
    out.message.attachments.push_back(sdk::Attachment{std::string(kOriginalName),
                                                      std::string(kOriginalType), std::move(raw), ""});
  }
  return out;
}

}  // namespace frontdesk::email
