// SPDX-License-Identifier: Apache-2.0
#pragma once
// One published event as the stream fans it out: its audit id, its stream type, who may see
// it, and its JSON as staff and as the ticket's customer see it (built once per event by the
// database, shared by every client).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace frontdesk::events {

struct Event {
  std::int64_t id = 0;
  std::string type;             // "" for an audit event that is not published
  std::int64_t ticket_id = 0;
  std::int64_t customer_id = 0;  // the ticket's customer
  bool internal = false;         // an internal note: staff only
  std::vector<std::int64_t> scoped_tokens;  // web-form tokens that may see the ticket
  std::string staff_json;
  std::string customer_json;  // empty when no customer view was asked for
};

using EventPtr = std::shared_ptr<const Event>;

}  // namespace frontdesk::events
