// SPDX-License-Identifier: Apache-2.0
// The SMTP (RFC 5321) and LMTP (RFC 2033) command state machine, without I/O: the server
// feeds it lines and writes back what it answers. Extensions: SIZE, 8BITMIME, PIPELINING,
// ENHANCEDSTATUSCODES, and STARTTLS (RFC 3207) when the listener has a certificate. The reply to DATA's end comes from the caller after the message is
// committed (accepted_replies / failed_replies), never from here.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail_budget.hpp"

namespace frontdesk::email {

struct SmtpOptions {
  bool lmtp = false;
  std::string hostname = "frontdesk";
  std::size_t max_message_bytes = std::size_t{25} * 1024 * 1024;
  std::size_t max_recipients = 100;
  bool starttls = false;  // offer STARTTLS (the server then does the handshake)
  std::function<bool(std::string_view)> accepts;  // whether a recipient is ours
  // Shared by every session of a listener: DATA past it is answered 452 (nullptr: none).
  std::shared_ptr<MailBudget> budget;
};

// A complete message received with DATA.
struct ReceivedMessage {
  std::string mail_from;
  std::vector<std::string> recipients;
  std::string data;  // dot-unstuffed, lines ending in CRLF
  BudgetHold hold;   // `data`'s share of the listener's budget
};

struct SmtpStep {
  std::string reply;  // CRLF-terminated reply lines to send now (may be empty)
  bool close = false;  // close the connection after sending `reply`
  std::optional<ReceivedMessage> message;  // a message to commit, then answer
  // Send `reply`, drop whatever the client sent after STARTTLS (it must wait for 220; bytes
  // sent early would otherwise count as sent under TLS), do the handshake, then tls_started().
  bool start_tls = false;
};

class SmtpProtocol {
 public:
  explicit SmtpProtocol(SmtpOptions options);

  [[nodiscard]] std::string greeting() const;
  // One line without its CRLF (or LF).
  [[nodiscard]] SmtpStep on_line(std::string_view line);
  // Message text that is not a whole line (a line longer than the server reads at once):
  // appended as it is; the next on_line() completes that line.
  void on_data_fragment(std::string_view bytes);
  [[nodiscard]] bool in_data() const noexcept { return state_ == State::data; }
  // The TLS handshake after STARTTLS succeeded: the session starts over (RFC 3207 4.2: the
  // client says EHLO again) and STARTTLS is no longer offered.
  void tls_started();

  // The answer once the message was stored, or a duplicate: one 250 (per recipient for
  // LMTP), and the same for a failure with `code` (451 retry, 554 refused).
  [[nodiscard]] std::string accepted_replies(const ReceivedMessage& message,
                                             std::string_view detail) const;
  [[nodiscard]] std::string failed_replies(const ReceivedMessage& message, int code,
                                           std::string_view enhanced, std::string_view text) const;

 private:
  enum class State { connected, greeted, mail, data };

  SmtpStep command(std::string_view line);
  SmtpStep mail_from(std::string_view args);
  SmtpStep rcpt_to(std::string_view args);
  SmtpStep data_line(std::string_view line);
  void append_data(std::string_view text, bool line_end);
  void reset_transaction();

  SmtpOptions options_;
  State state_ = State::connected;
  bool tls_ = false;
  std::string mail_from_;
  std::vector<std::string> recipients_;
  std::string data_;
  bool data_too_big_ = false;
  bool over_budget_ = false;  // the listener's budget ran out during this DATA
  bool mid_line_ = false;     // on_data_fragment() left a line unfinished
  std::size_t size_hint_ = 0;  // MAIL FROM's SIZE=, when given
  BudgetHold hold_;
};

}  // namespace frontdesk::email
