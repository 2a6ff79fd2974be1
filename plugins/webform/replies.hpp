// SPDX-License-Identifier: Apache-2.0
// The answers of POST /api/v1/support/tickets: JSON for API clients, the daemon's answer page
// for browsers posting the form.
#pragma once

#include <cstddef>
#include <string_view>

#include <frontdesk/plugin.hpp>

#include "config.hpp"
#include "failure.hpp"

namespace frontdesk::webform {

// Whether the Accept header ranks text/html above application/json (RFC 9110 section
// 12.5.1: the most specific matching range gives each type its q-value). A browser's
// form post does; a missing header, "*/*" and "application/json" do not.
[[nodiscard]] bool prefers_html(std::string_view accept);

// {"success":false,"error":{"code":...,"message":...}} with the failure's status, or the
// failure page for a browser; 429 answers also carry Retry-After when `retry_after_seconds`
// is non-zero.
[[nodiscard]] sdk::Response error_reply(const Failure& failure, bool html, const Config& config,
                                        std::size_t retry_after_seconds = 0);

// 202 {"success":true,"message":"Thank you"}: what a filled-in honeypot gets.
[[nodiscard]] sdk::Response thank_you_reply(bool html, const Config& config);

// The answer once the submission was committed (or not):
// CREATED 201 {"success":true,"ticket":{"id","ticketNumber","status":"open"},"accessToken"},
// DUPLICATE 200 the same without accessToken, REJECTED 400 `rejected`, FAILED 503 `unavailable`.
[[nodiscard]] sdk::Response result_reply(const sdk::InboundResult& result, bool html,
                                         const Config& config);

}  // namespace frontdesk::webform
