// SPDX-License-Identifier: Apache-2.0
// What a customer asks of us inside a message on a phone channel: a command ("status",
// "agent", "close"), an answer to a survey (a digit, a button), or to stop or resume
// messages (SMS STOP / START); and what a message tells of its sender: the web form's
// visitor who had opened suggested help articles ({"helpVisitor": cookie}: not deflected).
// The channel recognises the words and marks the message's metadata ({"command": …},
// {"surveyAnswer": n}, {"optOut": "stop"|"start", "keyword": …}, {"helpVisitor": …});
// the ingest acts on them here, in the transaction that stores the message, through the
// ticket writer. A duplicate delivery stores nothing, so it does nothing either.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::tickets {

struct CustomerRequest {
  std::int64_t ticket_id = 0;   // the ticket the message was stored on
  std::int64_t message_id = 0;  // the stored message
  std::string channel;
  boost::json::object metadata;  // the message's
};

// Cheap test on the message's metadata text, so messages without a request are never parsed.
[[nodiscard]] bool may_carry_request(std::string_view metadata_json) noexcept;

// Acts on whatever the message asks; a message that asks nothing changes nothing.
void act_on(storage::Connection& db, const CustomerRequest& request);

}  // namespace frontdesk::tickets
