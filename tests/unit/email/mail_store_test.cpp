// SPDX-License-Identifier: Apache-2.0
#include "mail_store.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace frontdesk::email {
namespace {

struct Recorder {
  std::vector<sdk::InboundMessage> submitted;
  std::vector<std::pair<std::string, std::string>> failed;
  fd_ingest_status ingest = FD_INGEST_CREATED;
  fd_update_result update = FD_UPDATE_APPLIED;

  StoreHost host() {
    StoreHost h;
    h.submit = [this](const sdk::InboundMessage& m, const sdk::SubmitDone& done) {
      submitted.push_back(m);
      sdk::InboundResult r;
      r.status = ingest;
      r.ticket_number = "TKT-1-000001";
      r.error = ingest == FD_INGEST_REJECTED ? "body is not valid UTF-8" : "";
      done(r);
    };
    h.mark_failed = [this](const std::string& id, const std::string& error,
                           const std::function<void(fd_update_result)>& done) {
      failed.emplace_back(id, error);
      done(update);
    };
    h.log = [](fd_log_level, const std::string&) {};
    return h;
  }
};

StoreResult store(Recorder& r, const std::string& raw) {
  NormalizeOptions o;
  o.our_address = "support@example.com";
  StoreResult out;
  store_mail(r.host(), o, raw, Envelope{"a@b.c", {"support@example.com"}, "smtp"},
             [&out](StoreResult s) { out = std::move(s); });
  return out;
}

TEST(MailStore, MapsIngestOutcomesToSmtpAnswers) {
  Recorder r;
  const std::string raw = test::fixture("written/latin1_qp.eml");
  auto created = store(r, raw);
  EXPECT_EQ(created.kind, StoreResult::Kind::stored);
  EXPECT_EQ(created.detail, "queued as TKT-1-000001");
  r.ingest = FD_INGEST_DUPLICATE;
  EXPECT_EQ(store(r, raw).detail, "already received");
  r.ingest = FD_INGEST_FAILED;
  EXPECT_EQ(store(r, raw).kind, StoreResult::Kind::retry);
  r.ingest = FD_INGEST_REJECTED;
  auto refused = store(r, raw);
  EXPECT_EQ(refused.kind, StoreResult::Kind::refused);
  EXPECT_EQ(refused.detail, "message refused: body is not valid UTF-8");
}

TEST(MailStore, BouncesUpdateTheMessageInsteadOfMakingATicket) {
  Recorder r;
  const std::string raw = test::fixture("written/bounce_dsn.eml");
  EXPECT_EQ(store(r, raw).kind, StoreResult::Kind::stored);
  EXPECT_TRUE(r.submitted.empty());
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].first, "fd.7.deadbeef@example.com");
  r.update = FD_UPDATE_NOT_FOUND;
  EXPECT_EQ(store(r, raw).kind, StoreResult::Kind::stored) << "unknown ids are dropped, not retried";
  r.update = FD_UPDATE_FAILED;
  EXPECT_EQ(store(r, raw).kind, StoreResult::Kind::retry);
}

}  // namespace
}  // namespace frontdesk::email
