// SPDX-License-Identifier: Apache-2.0
#pragma once
// Telling subscribers: an incident's change queues one notification in the transaction that
// makes it; whichever daemon claims it (FOR UPDATE SKIP LOCKED) fans it out into the outbox,
// one message per confirmed subscriber who follows an affected component (or all of them),
// each with its own one-click unsubscribe link. The outbox delivers, retries and dead-letters.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::status {

// What links and messages say about the page.
struct PageSettings {
  std::string name;        // status.name
  std::string public_url;  // without a trailing '/'
};

// For incident.opened, incident.updated and incident.resolved; other events tell nobody.
void queue_notification(storage::Connection& db, std::int64_t incident, std::string_view event,
                        std::string_view message);

// Fans out the oldest pending notification, if any; returns the messages queued (0 when
// none was pending) and sets `claimed` to whether one was.
std::size_t dispatch_one(storage::Connection& db, const PageSettings& page, bool& claimed);

// The installation's token secret.
std::string token_secret(storage::Connection& db);

}  // namespace frontdesk::status
