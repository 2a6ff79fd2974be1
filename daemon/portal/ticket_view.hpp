// SPDX-License-Identifier: Apache-2.0
#pragma once
// How a ticket reads in the portal: labels in the page's language, times, the conversation's
// data for portal_ticket.mustache, and files served for download.
#include "portal/visit.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace frontdesk::portal {

// The catalogue's text for `prefix` + `value` ("portal_status_" + "resolved"), else `value`.
[[nodiscard]] std::string label(const Visit& visit, std::string_view prefix, std::string_view value);

// "2024-05-01T14:03:05Z" as "2024-05-01 14:03 UTC".
[[nodiscard]] std::string shown_time(std::string_view iso);

// The ticket page's data from the API's ticket (with messages): its facts, the messages a
// customer is shown, the flash of the last form (?done= / ?error=), and which forms apply.
[[nodiscard]] web::Data conversation(Visit& visit, const boost::json::object& ticket);

// Whether `file` (an attachment id) belongs to a message of `ticket` as the API showed it.
[[nodiscard]] bool shows_file(const boost::json::object& ticket, std::string_view file);

// The file as a download: never rendered by the browser as a page of ours.
[[nodiscard]] http::Response download(std::string_view file_name, std::string_view hex_content);

}  // namespace frontdesk::portal
