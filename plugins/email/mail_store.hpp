// SPDX-License-Identifier: Apache-2.0
// Where received mail goes: normalized, then submitted for ingest, or applied as a
// delivery report. Shared by the SMTP/LMTP listener and the POP3 poller.
#pragma once

#include <frontdesk/plugin.hpp>

#include <functional>
#include <string>

#include "inbound_mail.hpp"

namespace frontdesk::email {

struct StoreResult {
  enum class Kind { stored, retry, refused } kind = Kind::retry;
  std::string detail;  // for the SMTP reply and the log
};

// The two host calls the store needs, so tests can stand in for the host.
struct StoreHost {
  std::function<void(const sdk::InboundMessage&, sdk::SubmitDone)> submit;
  std::function<void(const std::string& provider_id, const std::string& error,
                     std::function<void(fd_update_result)>)>
      mark_failed;
  std::function<void(fd_log_level, const std::string&)> log;
};

// Normalizes `raw` (taken over: it becomes the stored original.eml) and stores it; `done` runs once, after the commit (or at once for a
// report that needs nothing stored). Never throws for bad mail: a message the host
// rejects is `refused`, a storage failure `retry`.
void store_mail(const StoreHost& host, const NormalizeOptions& options, std::string raw,
                const Envelope& envelope, std::function<void(StoreResult)> done);

}  // namespace frontdesk::email
