// SPDX-License-Identifier: Apache-2.0
#include "outbound_mail.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Timespan.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>

#include "address.hpp"
#include "charset.hpp"

namespace frontdesk::email {

namespace {

bool has_line_break(std::string_view value) {
  return value.find_first_of("\r\n") != std::string_view::npos;
}

std::string bracketed(std::string_view id) {
  std::string clean(id);
  if (!clean.empty() && clean.front() == '<') clean.erase(0, 1);
  if (!clean.empty() && clean.back() == '>') clean.pop_back();
  return "<" + clean + ">";
}

bool plausible_id(std::string_view id) {
  return !id.empty() && id.size() < 900 && id.find_first_of(" \t<>\r\n") == std::string_view::npos;
}

// The metadata keys of an outbound email (documented in docs/channels-email.md).
struct Threading {
  std::string in_reply_to;
  std::vector<std::string> references;
  std::string auto_submitted;
  std::string list_unsubscribe;  // an https or http URL: RFC 8058 one-click unsubscribe
};

std::variant<Threading, std::string> read_threading(std::string_view json) {
  Threading t;
  if (json.empty()) return t;
  boost::system::error_code ec;
  const auto doc = boost::json::parse(json, ec);
  if (ec || !doc.is_object()) return std::string("metadata is not a JSON object");
  const auto& o = doc.get_object();
  auto read_id = [](const boost::json::value& v, std::string& out) -> bool {
    const auto* s = v.if_string();
    if (s == nullptr) return false;
    if (has_line_break(*s)) return false;
    std::string id(*s);
    if (!id.empty() && id.front() == '<') id.erase(0, 1);
    if (!id.empty() && id.back() == '>') id.pop_back();
    if (!plausible_id(id)) return false;
    out = id;
    return true;
  };
  if (const auto* v = o.if_contains("inReplyTo"); v != nullptr && !v->is_null()) {
    if (!read_id(*v, t.in_reply_to)) {
      return std::string("metadata.inReplyTo must be one message id without CR or LF");
    }
  }
  if (const auto* v = o.if_contains("references"); v != nullptr && !v->is_null()) {
    std::vector<const boost::json::value*> items;
    if (v->is_array()) {
      for (const auto& item : v->get_array()) items.push_back(&item);
    } else {
      items.push_back(v);
    }
    for (const auto* item : items) {
      std::string id;
      if (!read_id(*item, id)) {
        return std::string("metadata.references must be message ids without CR or LF");
      }
      t.references.push_back(id);
    }
  }
  if (const auto* v = o.if_contains("autoSubmitted"); v != nullptr && !v->is_null()) {
    if (v->is_bool()) {
      if (v->get_bool()) t.auto_submitted = "auto-replied";
    } else if (const auto* s = v->if_string();
               s != nullptr && (*s == "auto-replied" || *s == "auto-generated" || *s == "no")) {
      if (*s != "no") t.auto_submitted = std::string(*s);
    } else {
      return std::string("metadata.autoSubmitted must be true, false, auto-replied or auto-generated");
    }
  }
  if (const auto* v = o.if_contains("listUnsubscribe"); v != nullptr && !v->is_null()) {
    const auto* s = v->if_string();
    const std::string_view url = s != nullptr ? std::string_view(*s) : std::string_view();
    if (has_line_break(url) || url.find_first_of(" <>") != std::string_view::npos ||
        !(url.starts_with("https://") || url.starts_with("http://"))) {
      return std::string("metadata.listUnsubscribe must be one http(s) URL");
    }
    t.list_unsubscribe = std::string(url);
  }
  // The message we answer belongs at the end of References (RFC 5322 §3.6.4).
  if (!t.in_reply_to.empty() &&
      std::find(t.references.begin(), t.references.end(), t.in_reply_to) == t.references.end()) {
    t.references.push_back(t.in_reply_to);
  }
  if (t.references.size() > 20) t.references.erase(t.references.begin() + 1, t.references.end() - 19);
  return t;
}

// The status code an SMTP failure carries in its text ("... 550 no such user"), or 0.
int status_in(const std::string& text) {
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if ((text[i] == '4' || text[i] == '5') && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
        (i + 3 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 3])))) {
      return (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
    }
  }
  return 0;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return truncate_utf8(sanitize_utf8(text), 500);
}

DeliveryOutcome from_reply(int status, const std::string& step, const std::string& response) {
  DeliveryOutcome out;
  out.status = status >= 500 ? FD_DELIVERY_PERMANENT : FD_DELIVERY_TRANSIENT;
  out.error = one_line("SMTP server refused " + step + ": " + response);
  return out;
}

}  // namespace

std::string make_message_id(std::string_view address, std::int64_t outbox_id) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const auto at = address.rfind('@');
  const std::string domain = at == std::string_view::npos ? "frontdesk.invalid"
                                                          : std::string(address.substr(at + 1));
  std::ostringstream id;
  id << "fd." << outbox_id << "." << std::hex << random() << random() << "@" << domain;
  return id.str();
}

std::variant<ComposedMail, std::string> compose_mail(const Config& config,
                                                     const OutboundRequest& request,
                                                     const std::string& message_id) {
  for (const auto* value : {&request.to, &request.subject, &request.ticket_number}) {
    if (has_line_break(*value)) {
      return std::string("a header value contains CR or LF; refusing to send");
    }
  }
  auto recipient = parse_mailbox(request.to);
  if (!recipient || request.to.find_first_of("<>,;\"") != std::string::npos) {
    return std::string("recipient '" + one_line(request.to) + "' is not an email address");
  }
  auto threading = read_threading(request.metadata_json);
  if (auto* error = std::get_if<std::string>(&threading)) return *error;
  const auto& t = std::get<Threading>(threading);

  std::string subject = request.subject;
  if (subject.empty()) subject = "Your support request";
  if (!request.ticket_number.empty() && subject.find(request.ticket_number) == std::string::npos) {
    subject += " [" + request.ticket_number + "]";
  }

  Poco::Net::MailMessage message;
  message.setSender(config.address);
  message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT,
                                                recipient->address));
  const bool ascii = std::all_of(subject.begin(), subject.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  message.setSubject(ascii ? subject : Poco::Net::MailMessage::encodeWord(subject, "UTF-8"));
  message.set("MIME-Version", "1.0");
  message.set("Message-ID", bracketed(message_id));
  if (!t.in_reply_to.empty()) message.set("In-Reply-To", bracketed(t.in_reply_to));
  if (!t.references.empty()) {
    std::string refs;
    for (const auto& r : t.references) refs += (refs.empty() ? "" : "\r\n ") + bracketed(r);
    message.set("References", refs);
  }
  if (!t.auto_submitted.empty()) message.set("Auto-Submitted", t.auto_submitted);
  if (!t.list_unsubscribe.empty()) {
    message.set("List-Unsubscribe", "<" + t.list_unsubscribe + ">");
    message.set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  message.set("X-Loop", config.address);
  message.set("X-Frontdesk-Ticket", request.ticket_number);
  message.setContentType("text/plain; charset=UTF-8");
  message.setContent(sanitize_utf8(request.body), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);

  std::ostringstream text;
  message.write(text);
  // Every line ends in CRLF on the wire; Poco leaves the body's own line breaks alone.
  const std::string written = text.str();
  std::string data;
  data.reserve(written.size() + written.size() / 32);
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (written[i] == '\n' && (i == 0 || written[i - 1] != '\r')) data += '\r';
    data += written[i];
  }
  return ComposedMail{message_id, recipient->address, std::move(data)};
}

DeliveryOutcome send_mail(const OutboundServer& server, const std::string& from,
                          const ComposedMail& mail) {
  try {
    Poco::Net::SecureSMTPClientSession session(server.host, server.port);
    session.setTimeout(Poco::Timespan(30, 0));
    session.login();
    if (server.starttls) {
      auto context = Poco::makeAuto<Poco::Net::Context>(
          Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
      if (!session.startTLS(context)) {
        return DeliveryOutcome{FD_DELIVERY_TRANSIENT, {},
                               "the SMTP server does not offer STARTTLS, which is configured"};
      }
    }
    if (!server.username.empty()) {
      try {
        session.login(Poco::Net::SMTPClientSession::AUTH_PLAIN, server.username, server.password);
      } catch (const Poco::Net::SMTPException&) {
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, server.username, server.password);
      }
    }
    std::string response;
    int status = session.sendCommand("MAIL FROM:<" + from + ">", response);
    if (status / 100 != 2) return from_reply(status, "the sender", response);
    status = session.sendCommand("RCPT TO:<" + mail.recipient + ">", response);
    if (status / 100 != 2) return from_reply(status, "the recipient", response);
    status = session.sendCommand("DATA", response);
    if (status / 100 != 3) return from_reply(status, "DATA", response);
    // Dot-stuffing (RFC 5321 §4.5.2); the final CRLF "." ends the data.
    std::string stuffed;
    stuffed.reserve(mail.data.size() + 64);
    bool line_start = true;
    for (char c : mail.data) {
      if (line_start && c == '.') stuffed += '.';
      stuffed += c;
      line_start = c == '\n';
    }
    if (!stuffed.empty() && !line_start) stuffed += "\r\n";
    stuffed += ".";
    status = session.sendCommand(stuffed, response);
    if (status / 100 != 2) return from_reply(status, "the message", response);
    try {
      session.close();
    } catch (const Poco::Exception&) {
      // Accepted already: a failing QUIT changes nothing.
    }
    return DeliveryOutcome{FD_DELIVERY_SENT, mail.message_id, {}};
  } catch (const Poco::Net::SMTPException& e) {
    const int status = status_in(e.displayText());
    return DeliveryOutcome{status >= 500 ? FD_DELIVERY_PERMANENT : FD_DELIVERY_TRANSIENT, {},
                           one_line("SMTP: " + e.displayText())};
  } catch (const Poco::Exception& e) {
    return DeliveryOutcome{FD_DELIVERY_TRANSIENT, {}, one_line("SMTP connection: " + e.displayText())};
  } catch (const std::exception& e) {
    return DeliveryOutcome{FD_DELIVERY_TRANSIENT, {}, one_line(std::string("SMTP: ") + e.what())};
  }
}

}  // namespace frontdesk::email
