// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: any bytes as the client side of an SMTP or LMTP session, fed line by
// line to the command state machine. It must never crash, and a completed message must
// respect the size limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smtp_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  frontdesk::email::SmtpOptions options;
  options.lmtp = !input.empty() && (input.front() & 1) != 0;
  options.max_message_bytes = 4096;
  options.accepts = [](std::string_view rcpt) { return rcpt == "support@example.com"; };
  frontdesk::email::SmtpProtocol protocol(options);
  while (!input.empty()) {
    const auto eol = input.find('\n');
    const std::string_view line = input.substr(0, eol);
    input.remove_prefix(eol == std::string_view::npos ? input.size() : eol + 1);
    const auto step = protocol.on_line(line);
    if (step.message) {
      if (step.message->data.size() > options.max_message_bytes) std::abort();
      if (step.message->recipients.empty()) std::abort();
      static_cast<void>(protocol.accepted_replies(*step.message, "ok"));
    }
    if (step.close) break;
  }
  return 0;
}
