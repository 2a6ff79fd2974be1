// SPDX-License-Identifier: Apache-2.0
#pragma once
// The stream's reads of audit_events (the table is the truth; nothing is held only here).
#include "events/event.hpp"

#include <cstdint>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::events {

struct Batch {
  // The statement's snapshot (pg_current_snapshot): every transaction with an id below xmin
  // has ended; xmax is the next transaction id not yet assigned.
  std::int64_t xmin = 0;
  std::int64_t xmax = 0;
  std::vector<EventPtr> events;  // id > after, in id order, published or not (type "")
};

// Up to `limit` audit events after `after`, with each published one's JSON as staff see it
// and, when `customer_view`, as its customer does. Without `bodies`, only the ids (for a
// hub nobody subscribes to).
Batch fetch_events(storage::Connection& c, std::int64_t after, int limit, bool customer_view, bool bodies = true);

// The newest audit event's id (0 when there is none).
std::int64_t newest_event_id(storage::Connection& c);

}  // namespace frontdesk::events
