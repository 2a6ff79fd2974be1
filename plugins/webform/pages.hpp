// SPDX-License-Identifier: Apache-2.0
// The web form's pages, as the data of the daemon's page templates: the host renders them
// in the visitor's language with the site's catalogues (web/pages/support_new.mustache and
// support_answer.mustache), so the plugin holds no HTML and no human text of its own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "failure.hpp"

namespace frontdesk::webform {

inline constexpr std::string_view kFormPage = "support_new";
inline constexpr std::string_view kAnswerPage = "support_answer";

// "10 MB", "512 KB", "300 B" (binary multiples, as browsers count file sizes).
[[nodiscard]] std::string format_size(std::size_t bytes);

// GET /support/new: the configured heading (if any), the attachment limits (none: no file
// input), and the layout's banner of the status page's open incidents (the host's JSON,
// plugin.h fd_incidents_done; none when empty or not that).
[[nodiscard]] sdk::Response form_page(const Config& config, std::string_view incidents_json = {});

// After a browser's post created a ticket (`access_token` may be empty) or found the one
// an earlier post with the same Idempotency-Key created (`created` false).
[[nodiscard]] sdk::Response ticket_page(std::uint16_t status, const Config& config,
                                        std::string_view ticket_number, std::string_view access_token,
                                        bool created);

// A filled-in honeypot: thanked like a person, nothing stored.
[[nodiscard]] sdk::Response received_page(const Config& config);

// A refusal: a heading and advice for its kind, the English detail, a link back to the form.
[[nodiscard]] sdk::Response failure_page(const Config& config, const Failure& failure);

}  // namespace frontdesk::webform
