// SPDX-License-Identifier: Apache-2.0
#include "mail_store.hpp"

namespace frontdesk::email {

void store_mail(const StoreHost& host, const NormalizeOptions& options, std::string raw,
                const Envelope& envelope, std::function<void(StoreResult)> done) {
  InboundMail mail = normalize_mail(std::move(raw), envelope, options);
  switch (mail.kind) {
    case MailKind::report_other:
      done(StoreResult{StoreResult::Kind::stored, "delivery report noted"});
      return;
    case MailKind::bounce: {
      const std::string id = mail.bounced_message_id;
      host.log(FD_LOG_INFO, "bounce for <" + id + ">: " + mail.diagnostic);
      auto on_update = [done, id, log = host.log](fd_update_result result) {
        if (result == FD_UPDATE_FAILED) {
          done(StoreResult{StoreResult::Kind::retry, "temporary storage failure, try again later"});
          return;
        }
        if (result == FD_UPDATE_NOT_FOUND) {
          log(FD_LOG_WARN, "bounce for unknown message <" + id + "> dropped");
        }
        done(StoreResult{StoreResult::Kind::stored, "delivery report recorded"});
      };
      host.mark_failed(id, mail.diagnostic, std::move(on_update));
      return;
    }
    case MailKind::ticket:
      break;
  }
  auto on_commit = [done, log = host.log,
                    id = mail.message.external_id](const sdk::InboundResult& result) {
    switch (result.status) {
      case FD_INGEST_CREATED:
      case FD_INGEST_APPENDED:
        done(StoreResult{StoreResult::Kind::stored, "queued as " + result.ticket_number});
        return;
      case FD_INGEST_DUPLICATE:
        done(StoreResult{StoreResult::Kind::stored, "already received"});
        return;
      case FD_INGEST_REJECTED:
        log(FD_LOG_WARN, "mail " + id + " refused: " + result.error);
        done(StoreResult{StoreResult::Kind::refused, "message refused: " + result.error});
        return;
      case FD_INGEST_FAILED:
        break;
    }
    log(FD_LOG_WARN, "mail " + id + " not stored: " + result.error);
    done(StoreResult{StoreResult::Kind::retry, "temporary storage failure, try again later"});
  };
  host.submit(mail.message, std::move(on_commit));
  // The host copied the message: ours goes now, not when the caller's frame ends.
  mail = InboundMail{};
}

}  // namespace frontdesk::email
