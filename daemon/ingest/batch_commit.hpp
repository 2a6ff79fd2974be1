// SPDX-License-Identifier: Apache-2.0
#pragma once
// Stores a group of inbound messages in one transaction on one connection.
#include "ingest/inbound_message.hpp"

#include <chrono>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::ingest {

struct PreparedMessage {
  const InboundMessage* message;
  std::string token;  // plaintext customer token to register, or empty
};

// One result per message, in order. A batch that fails as a whole (a bad row) is retried
// message by message so one poisoned message cannot block the others; deadlocks and
// serialization failures are retried; a lost connection fails the messages (nothing stored).
std::vector<IngestResult> commit_batch(storage::Connection& connection,
                                       const std::vector<PreparedMessage>& batch,
                                       std::chrono::system_clock::time_point now);

}  // namespace frontdesk::ingest
