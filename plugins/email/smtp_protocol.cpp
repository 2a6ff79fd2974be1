// SPDX-License-Identifier: Apache-2.0
#include "smtp_protocol.hpp"

#include <algorithm>
#include <charconv>

#include "address.hpp"

namespace frontdesk::email {

namespace {

// Budget is taken in steps, not per line.
constexpr std::size_t kBudgetStep = 256 * 1024;

std::string reply(int code, std::string_view enhanced, std::string_view text) {
  std::string out = std::to_string(code);
  out += ' ';
  if (!enhanced.empty()) {
    out += enhanced;
    out += ' ';
  }
  out += text;
  out += "\r\n";
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && to_lower_ascii(text.substr(0, prefix.size())) == prefix;
}

// Splits "<path> PARAM=value ..." into the path and its parameters.
bool split_path(std::string_view args, std::string& path, std::vector<std::string>& params) {
  args = trim(args);
  if (args.empty() || args.front() != '<') return false;
  const auto close = args.find('>');
  if (close == std::string_view::npos) return false;
  path = std::string(args.substr(0, close + 1));
  std::string_view rest = trim(args.substr(close + 1));
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    params.emplace_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest = trim(rest.substr(space + 1));
  }
  return true;
}

}  // namespace

SmtpProtocol::SmtpProtocol(SmtpOptions options)
    : options_(std::move(options)), hold_(options_.budget) {}

std::string SmtpProtocol::greeting() const {
  return reply(220, "", options_.hostname + (options_.lmtp ? " LMTP" : " ESMTP") + " Frontdesk ready");
}

void SmtpProtocol::tls_started() {
  reset_transaction();
  state_ = State::connected;
  tls_ = true;
}

void SmtpProtocol::reset_transaction() {
  mail_from_.clear();
  recipients_.clear();
  data_.clear();
  data_.shrink_to_fit();
  hold_.release();
  data_too_big_ = false;
  over_budget_ = false;
  mid_line_ = false;
  size_hint_ = 0;
}

SmtpStep SmtpProtocol::on_line(std::string_view line) {
  if (state_ == State::data) return data_line(line);
  return command(line);
}

// Appends message text, unless the message is already refused; the text counts against the
// listener's budget as it arrives.
void SmtpProtocol::append_data(std::string_view text, bool line_end) {
  if (data_too_big_ || over_budget_) return;
  const std::size_t total = data_.size() + text.size() + (line_end ? 2 : 0);
  if (total > options_.max_message_bytes) {
    data_too_big_ = true;
  } else if (!hold_.cover(total, kBudgetStep)) {
    over_budget_ = true;
  } else {
    data_.append(text);
    if (line_end) data_.append("\r\n");
    return;
  }
  data_.clear();
  data_.shrink_to_fit();
  hold_.release();
}

void SmtpProtocol::on_data_fragment(std::string_view bytes) {
  if (state_ != State::data || bytes.empty()) return;
  if (!mid_line_ && bytes.front() == '.') bytes.remove_prefix(1);  // dot-unstuffing
  mid_line_ = true;
  append_data(bytes, false);
}

SmtpStep SmtpProtocol::data_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (mid_line_) {  // the end of a line begun by on_data_fragment()
    mid_line_ = false;
    append_data(line, true);
    return {};
  }
  if (line == ".") {
    state_ = State::greeted;
    SmtpStep step;
    if (data_too_big_) {
      ReceivedMessage refused{mail_from_, recipients_, {}, {}};
      step.reply = failed_replies(refused, 552, "5.3.4",
                                  "message exceeds the size limit of " +
                                      std::to_string(options_.max_message_bytes) + " bytes");
    } else if (over_budget_) {
      ReceivedMessage refused{mail_from_, recipients_, {}, {}};
      step.reply = failed_replies(refused, 452, "4.3.1",
                                  "insufficient system storage, try again later");
    } else {
      step.message = ReceivedMessage{std::move(mail_from_), std::move(recipients_),
                                     std::move(data_), std::move(hold_)};
      hold_ = BudgetHold(options_.budget);
    }
    reset_transaction();
    return step;
  }
  if (!line.empty() && line.front() == '.') line.remove_prefix(1);  // dot-unstuffing
  append_data(line, true);
  return {};
}

SmtpStep SmtpProtocol::command(std::string_view raw) {
  const std::string_view line = trim(raw);
  const auto space = line.find(' ');
  const std::string verb = to_lower_ascii(line.substr(0, space));
  const std::string_view args = space == std::string_view::npos ? "" : trim(line.substr(space + 1));
  SmtpStep step;

  const bool hello = verb == "ehlo" || verb == "helo" || verb == "lhlo";
  if (hello) {
    if (options_.lmtp != (verb == "lhlo")) {
      step.reply = reply(500, "5.5.1", options_.lmtp ? "this is LMTP: use LHLO" : "use EHLO or HELO");
      return step;
    }
    if (args.empty()) {
      step.reply = reply(501, "5.5.4", "a domain or address is required");
      return step;
    }
    reset_transaction();
    state_ = State::greeted;
    const std::string name = options_.hostname;
    if (verb == "helo") {
      step.reply = reply(250, "", name);
      return step;
    }
    step.reply = "250-" + name + " greets " + std::string(args.substr(0, 200)) + "\r\n" +
                 "250-SIZE " + std::to_string(options_.max_message_bytes) + "\r\n" +
                 "250-8BITMIME\r\n250-PIPELINING\r\n" + (options_.starttls && !tls_ ? "250-STARTTLS\r\n" : "") +
                 "250 ENHANCEDSTATUSCODES\r\n";
    return step;
  }
  if (verb == "starttls" && options_.starttls) {
    if (tls_) {
      step.reply = reply(503, "5.5.1", "TLS is already active");
    } else if (!args.empty()) {
      step.reply = reply(501, "5.5.4", "syntax: STARTTLS");
    } else if (state_ != State::greeted) {
      step.reply = reply(503, "5.5.1", state_ == State::connected ? "EHLO first" : "not inside a transaction");
    } else {
      step.reply = reply(220, "2.0.0", "ready to start TLS");
      step.start_tls = true;
    }
    return step;
  }
  if (verb == "quit") {
    step.reply = reply(221, "2.0.0", options_.hostname + " closing connection");
    step.close = true;
    return step;
  }
  if (verb == "noop") {
    step.reply = reply(250, "2.0.0", "OK");
    return step;
  }
  if (verb == "rset") {
    reset_transaction();
    if (state_ != State::connected) state_ = State::greeted;
    step.reply = reply(250, "2.0.0", "OK");
    return step;
  }
  if (verb == "vrfy") {
    step.reply = reply(252, "2.5.0", "cannot verify, but will accept the message");
    return step;
  }
  if (verb == "help") {
    step.reply = reply(214, "2.0.0", "commands: EHLO HELO LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY");
    return step;
  }
  if (verb == "mail") return mail_from(args);
  if (verb == "rcpt") return rcpt_to(args);
  if (verb == "data") {
    if (state_ != State::mail || recipients_.empty()) {
      step.reply = reply(503, "5.5.1", state_ == State::mail ? "no valid recipients" : "MAIL first");
      return step;
    }
    state_ = State::data;
    // A declared SIZE saves the copies of growing the buffer; untouched pages cost nothing.
    if (size_hint_ > 0) data_.reserve(std::min(size_hint_, options_.max_message_bytes) + 1024);
    step.reply = reply(354, "", "end data with <CR><LF>.<CR><LF>");
    return step;
  }
  if (verb == "expn" || verb == "turn" || verb == "etrn" || verb == "starttls" || verb == "auth" ||
      verb == "bdat") {
    step.reply = reply(502, "5.5.1", "command not implemented");
    return step;
  }
  step.reply = reply(500, "5.5.2", "command not recognized");
  return step;
}

SmtpStep SmtpProtocol::mail_from(std::string_view args) {
  SmtpStep step;
  if (state_ == State::connected) {
    step.reply = reply(503, "5.5.1", options_.lmtp ? "LHLO first" : "EHLO or HELO first");
    return step;
  }
  if (state_ != State::greeted) {
    step.reply = reply(503, "5.5.1", "nested MAIL command");
    return step;
  }
  size_hint_ = 0;
  if (!starts_with_ci(args, "from:")) {
    step.reply = reply(501, "5.5.4", "syntax: MAIL FROM:<address>");
    return step;
  }
  std::string path;
  std::vector<std::string> params;
  if (!split_path(args.substr(5), path, params)) {
    step.reply = reply(501, "5.1.7", "syntax: MAIL FROM:<address>");
    return step;
  }
  auto sender = parse_envelope_path(path);
  if (!sender) {
    step.reply = reply(501, "5.1.7", "bad sender address syntax");
    return step;
  }
  for (const auto& param : params) {
    const std::string lower = to_lower_ascii(param);
    if (lower.rfind("size=", 0) == 0) {
      std::uint64_t size = 0;
      const auto* begin = lower.data() + 5;
      const auto [end, ec] = std::from_chars(begin, lower.data() + lower.size(), size);
      if (ec != std::errc() || end != lower.data() + lower.size()) {
        step.reply = reply(501, "5.5.4", "bad SIZE parameter");
        return step;
      }
      if (size > options_.max_message_bytes) {
        step.reply = reply(552, "5.3.4", "message size exceeds the limit of " +
                                             std::to_string(options_.max_message_bytes) + " bytes");
        return step;
      }
      // RFC 1870: more than we can hold now is a temporary failure.
      if (options_.budget && size > options_.budget->available()) {
        step.reply = reply(452, "4.3.1", "insufficient system storage, try again later");
        return step;
      }
      size_hint_ = static_cast<std::size_t>(size);
    } else if (lower.rfind("body=", 0) == 0) {
      if (lower != "body=7bit" && lower != "body=8bitmime") {
        step.reply = reply(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
        return step;
      }
    } else if (lower.rfind("auth=", 0) != 0 && lower.rfind("ret=", 0) != 0 &&
               lower.rfind("envid=", 0) != 0 && lower != "smtputf8") {
      step.reply = reply(555, "5.5.4", "unsupported MAIL parameter " + param.substr(0, 40));
      return step;
    }
  }
  mail_from_ = *sender;
  state_ = State::mail;
  step.reply = reply(250, "2.1.0", "sender OK");
  return step;
}

SmtpStep SmtpProtocol::rcpt_to(std::string_view args) {
  SmtpStep step;
  if (state_ != State::mail) {
    step.reply = reply(503, "5.5.1", "MAIL first");
    return step;
  }
  if (!starts_with_ci(args, "to:")) {
    step.reply = reply(501, "5.5.4", "syntax: RCPT TO:<address>");
    return step;
  }
  std::string path;
  std::vector<std::string> params;
  if (!split_path(args.substr(3), path, params)) {
    step.reply = reply(501, "5.1.3", "syntax: RCPT TO:<address>");
    return step;
  }
  auto recipient = parse_envelope_path(path);
  if (!recipient || recipient->empty()) {
    step.reply = reply(501, "5.1.3", "bad recipient address syntax");
    return step;
  }
  if (!options_.accepts || !options_.accepts(*recipient)) {
    step.reply = reply(550, "5.1.1", "no such mailbox here");
    return step;
  }
  if (recipients_.size() >= options_.max_recipients) {
    step.reply = reply(452, "4.5.3", "too many recipients");
    return step;
  }
  recipients_.push_back(*recipient);
  step.reply = reply(250, "2.1.5", "recipient OK");
  return step;
}

std::string SmtpProtocol::accepted_replies(const ReceivedMessage& message,
                                           std::string_view detail) const {
  const std::string one = reply(250, "2.0.0", detail);
  if (!options_.lmtp) return one;
  std::string out;
  for (std::size_t i = 0; i < std::max<std::size_t>(message.recipients.size(), 1); ++i) out += one;
  return out;
}

std::string SmtpProtocol::failed_replies(const ReceivedMessage& message, int code,
                                         std::string_view enhanced, std::string_view text) const {
  const std::string one = reply(code, enhanced, text);
  if (!options_.lmtp) return one;
  std::string out;
  for (std::size_t i = 0; i < std::max<std::size_t>(message.recipients.size(), 1); ++i) out += one;
  return out;
}

}  // namespace frontdesk::email
