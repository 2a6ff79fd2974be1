// The web form's HTML: the contact form and the small pages answering a browser's post.
// Self-contained (inline CSS, no scripts, no external assets); every text is escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace frontdesk::webform {

// `text` with & < > " ' replaced by character references, safe in element content and in
// quoted attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

// "10 MB", "512 KB", "300 bytes" (binary multiples, as browsers count file sizes).
[[nodiscard]] std::string format_size(std::size_t bytes);

// The status page's open incidents (the host's JSON, plugin.h fd_incidents_done) as a banner
// linking each on /status; "" when there are none or the JSON is not that.
[[nodiscard]] std::string incident_banner(std::string_view incidents_json);

// GET /support/new, with the banner of the open incidents above the form. The file input is
// left out when no attachments are allowed.
[[nodiscard]] std::string form_page(std::string_view title, std::size_t max_attachments,
                                    std::size_t max_attachment_bytes, std::string_view incidents_json = {});

// After a browser's post created a ticket (`access_token` may be empty) or found the one
// an earlier post with the same Idempotency-Key created (`created` false).
[[nodiscard]] std::string ticket_page(std::string_view title, std::string_view ticket_number,
                                      std::string_view access_token, bool created);

// Any other answer to a browser: a heading, a sentence, and a link back to the form.
[[nodiscard]] std::string message_page(std::string_view title, std::string_view heading,
                                       std::string_view message);

}  // namespace frontdesk::webform
