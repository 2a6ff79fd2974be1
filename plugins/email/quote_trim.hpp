// SPDX-License-Identifier: Apache-2.0
// Quoted reply history trimmed from the text shown for a message (the raw message is kept).
#pragma once

#include <string>
#include <string_view>

namespace frontdesk::email {

struct TrimmedText {
  std::string text;
  bool trimmed = false;  // something was cut
};

// `text` (plain, UTF-8) up to where the quoted history of earlier messages starts:
// an attribution line ("On … wrote:", "Le … a écrit :", "Am … schrieb …:"), an Outlook
// "-----Original Message-----" or "From: …" + "Sent: …" header block, a "Forwarded"
// separator is kept (forwarded mail is the content), or a trailing block of "> " lines.
// Text that is nothing but quotes is returned whole, since trimming would leave nothing.
// A "-- " signature is cut too.
[[nodiscard]] TrimmedText trim_quoted_history(std::string_view text);

}  // namespace frontdesk::email
