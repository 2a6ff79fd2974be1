// SPDX-License-Identifier: Apache-2.0
#pragma once
// Whether a visitor can start a chat now (GET /widget/availability): the live chat is on, the
// calendar of its hours (channels.livechat.calendar) is open, and an agent is available with
// room for one more ticket. When not, the widget offers the contact form and says why.
#include "sla/calendar.hpp"

#include <boost/json/object.hpp>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::widget {

enum class Reach { chat, disabled, closed, no_agent };

// Pure: the answer from what was found. `calendar` null means always open.
Reach decide(bool chat_enabled, const sla::Calendar* calendar, sla::Instant now, bool agent_free);

// {"chat": true, "reason": null} or {"chat": false, "reason": "disabled"|"closed"|"no_agent"}
boost::json::object availability_body(Reach reach);

// Whether some agent is available (agents.availability) with fewer open tickets than allowed.
bool agent_free(storage::Connection& c);

}  // namespace frontdesk::widget
