// SPDX-License-Identifier: Apache-2.0
#pragma once
// The stored form of an inbound message: one element of the JSON array fd_ingest_batch (the
// PL/pgSQL side of ingest) reads. Its keys are the `stored_as` column of plugin.h's field
// lists, plus the host's own: "i", "channel", "new_ticket", "token_hash"; "language" holds
// the host's InboundMessage::language rather than the channel's hint.
#include "ingest/inbound_message.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>

namespace frontdesk::ingest {

// Attachments are a JSON array of {filename, contentType, data (base64), contentId}.
// `i` is the message's 1-based position in the batch; `token` the plaintext customer token
// to register for it, or empty (only its digest is stored).
[[nodiscard]] boost::json::object message_json(const InboundMessage& message, std::size_t i,
                                               const std::string& token);

}  // namespace frontdesk::ingest
