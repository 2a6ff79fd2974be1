// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox table as the delivery workers see it: claim due rows under a lease, then
// record each outcome on the row and on its message in one transaction.
#include "plugin_host/plugin_host.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::outbox {

using TimePoint = std::chrono::system_clock::time_point;

struct ClaimedRow {
  std::string channel;
  plugin_host::Outbound outbound;  // attempt counts this claim
  std::string opted_out_keyword;   // non-empty: the recipient opted out of the channel
  // A webhook subscription's delivery (daemon/webhooks): signed with this secret, and
  // dead-lettered after webhooks.max_attempts rather than outbox.max_attempts.
  bool subscription = false;
  std::string signing_secret;
  std::string event_type;
};

// Claims up to `limit` due pending rows (next_attempt_at <= now) of `channels` with FOR
// UPDATE SKIP LOCKED, marks them sending with claimed_by = `worker` and claimed_at = now,
// and counts the attempt. Rows locked by another worker are skipped, so concurrent workers
// (in this daemon or another) never claim the same row; rows of channels this daemon does
// not run are left to a daemon that does.
std::vector<ClaimedRow> claim_due(storage::Connection& c, std::string_view worker, int limit,
                                  TimePoint now, const std::vector<std::string>& channels);

// Puts rows back to pending whose lease ran out (claimed before now - lease and still
// sending: their daemon died or hung mid-send). Returns how many.
std::int64_t release_expired(storage::Connection& c, TimePoint now, std::chrono::milliseconds lease);

// The provider took the message: the row is sent, the message gets the provider's id as
// external_id and delivery_status sent (unless a delivery report already moved it on), and
// a report on that id that came before it is applied (tickets/delivery_report.hpp).
void record_sent(storage::Connection& c, std::int64_t outbox_id, std::string_view provider_id,
                 TimePoint now);

// A transient failure: the row is pending again, due at `retry_at`.
void record_retry(storage::Connection& c, std::int64_t outbox_id, std::string_view error,
                  TimePoint retry_at, TimePoint now);

// A permanent failure (`dead` false: status failed) or the last allowed attempt failed
// (`dead` true: status dead). The message is marked failed with `error` and the ticket's
// audit trail says why.
void record_failed(storage::Connection& c, std::int64_t outbox_id, std::string_view error, bool dead,
                   TimePoint now);

}  // namespace frontdesk::outbox
