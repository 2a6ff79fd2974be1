// SPDX-License-Identifier: Apache-2.0
#pragma once
// The media type an attachment is stored with: read from its bytes by libmagic, never taken
// on the sender's word (a client calling an HTML page "image/png" gets it stored as
// text/html, and it is only ever offered as a download). libmagic cannot tell one kind of
// plain text from another, so when the bytes are plain text a claimed textual type that is
// inert (text/csv, text/calendar, message/rfc822, ...) is kept; a claim of active content
// (HTML, SVG, XML, scripts) never is.
#include <string>
#include <string_view>

namespace frontdesk::attachments {

// The type of `data` ("image/png", "application/pdf", "text/plain", "application/x-empty"),
// or "application/octet-stream" when libmagic cannot tell. `claimed` is what the sender said,
// parameters and case allowed. Thread-safe: each thread has its own libmagic handle.
[[nodiscard]] std::string stored_type(std::string_view data, std::string_view claimed);

}  // namespace frontdesk::attachments
