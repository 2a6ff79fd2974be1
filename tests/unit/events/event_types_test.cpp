// SPDX-License-Identifier: Apache-2.0
// Who sees an event and what ?types= accepts: pure, no I/O.
#include "events/event_types.hpp"
#include "outbox/webhook_signature.hpp"
#include "security/tokens.hpp"

#include <gtest/gtest.h>

namespace frontdesk::events {
namespace {

Event event(std::string type, std::int64_t customer, bool internal = false) {
  Event e;
  e.id = 1;
  e.type = std::move(type);
  e.customer_id = customer;
  e.internal = internal;
  e.staff_json = "{}";
  e.customer_json = "{}";
  return e;
}

TEST(TypeFilter, ParsesKnownTypesAndRefusesUnknownOnes) {
  std::string error;
  const auto f = parse_type_filter(" status.changed, ,sla.breached", error);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->types, (std::vector<std::string>{"status.changed", "sla.breached"}));
  EXPECT_TRUE(f->matches("sla.breached"));
  EXPECT_FALSE(f->matches("ticket.created"));
  EXPECT_FALSE(parse_type_filter("status.changed,ticket.exploded", error));
  EXPECT_EQ(error, "unknown event type 'ticket.exploded'");
  EXPECT_TRUE(TypeFilter{}.matches("anything"));
}

TEST(TypeFilter, MessageCreatedMeansAnyMessage) {
  const TypeFilter f{{"message.created"}};
  EXPECT_TRUE(f.matches("message.created"));
  EXPECT_TRUE(f.matches("message.received"));
  EXPECT_FALSE(TypeFilter{{"message.received"}}.matches("message.created"));
}

TEST(Audience, StaffSeeEverythingPublished) {
  Audience staff;
  staff.staff = true;
  EXPECT_TRUE(staff.sees(event("message.created", 7, true)));
  EXPECT_FALSE(staff.sees(event("", 7)));  // not published
}

TEST(Audience, CustomersSeeTheirOwnTicketsWithoutInternalNotes) {
  Audience alice;
  alice.customer_id = 7;
  EXPECT_TRUE(alice.sees(event("ticket.created", 7)));
  EXPECT_FALSE(alice.sees(event("ticket.created", 8)));
  EXPECT_FALSE(alice.sees(event("message.created", 7, true)));
  auto no_view = event("ticket.created", 7);
  no_view.customer_json.clear();
  EXPECT_FALSE(alice.sees(no_view));
}

TEST(Audience, WebFormTokensSeeOnlyTheTicketsGrantedToThem) {
  Audience form;
  form.customer_id = 7;
  form.token_id = 3;
  form.ticket_scoped = true;
  auto e = event("ticket.created", 7);
  EXPECT_FALSE(form.sees(e));
  e.scoped_tokens = {2, 3};
  EXPECT_TRUE(form.sees(e));
}

TEST(Audience, TheFilterApplies) {
  Audience staff;
  staff.staff = true;
  staff.filter.types = {"sla.warning"};
  EXPECT_FALSE(staff.sees(event("ticket.created", 1)));
  EXPECT_TRUE(staff.sees(event("sla.warning", 1)));
}

// The signature receivers verify (docs/events.md), against a value computed independently:
// printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
TEST(WebhookSignature, IsHmacSha256OfTimeDotBody) {
  EXPECT_EQ(security::hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  const auto s = outbox::webhook_signature("secret", 1700000000, R"({"a":1})");
  EXPECT_EQ(s.substr(0, 16), "t=1700000000,v1=");
  EXPECT_EQ(s.substr(16), security::hmac_sha256_hex("secret", R"(1700000000.{"a":1})"));
}

}  // namespace
}  // namespace frontdesk::events
