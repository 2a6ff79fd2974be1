// SPDX-License-Identifier: Apache-2.0
#pragma once
// Providers' reports on outbound messages (sent, delivered, read, failed), matched by the id
// the provider gave the message. A report can come before that id is recorded: a live-chat
// visitor reads a reply the moment it is pushed, and a provider's status callback can beat
// the answer to its own send. Such a report is kept (early_delivery_reports, an hour at most)
// and applied when the outbox records the id (apply_early_report). Both sides take one
// advisory lock per provider id first, so that neither misses the other.

#include <string_view>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::tickets {

enum class ReportOutcome {
  applied,  // the message is known; a report older than its status changed nothing
  kept,     // no message has this id yet; the report waits for it
};

// In a transaction of its own: updates the message (never backwards, a failure is final) and
// audits the change on its ticket, or keeps the report.
ReportOutcome record_delivery_report(storage::Connection& c, std::string_view channel, std::string_view provider_id,
                                     std::string_view status, std::string_view error);

// Inside the transaction that gives a message of `channel` the id `provider_id`: takes the
// id's lock (before anything reads the messages, so the statement after sees a report kept
// meanwhile) ...
void lock_provider_id(storage::Connection& c, std::string_view provider_id);
// ... and, once the id is written, applies a report that came early.
void apply_early_report(storage::Connection& c, std::string_view channel, std::string_view provider_id);

}  // namespace frontdesk::tickets
