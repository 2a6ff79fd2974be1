// SPDX-License-Identifier: Apache-2.0
#include "tickets_fixture.hpp"

namespace frontdesk::tickets::testing {
namespace {

TEST_F(TicketsTest, MergeMovesEverythingAndUnmergePutsItBack) {
  auto survivor = make_ticket("Card declined");
  auto duplicate = make_ticket("Card declined again");
  const auto before_survivor = one("SELECT string_agg(id::text, ',' ORDER BY id) FROM messages WHERE ticket_id = " +
                                   std::to_string(survivor.id));
  const auto before_duplicate = one("SELECT string_agg(id::text, ',' ORDER BY id) FROM messages WHERE ticket_id = " +
                                    std::to_string(duplicate.id));
  db.exec("INSERT INTO ticket_threads (channel, thread_key, ticket_id) VALUES ('email', 'dup-key', $1)", duplicate.id);
  auto w = agent_writer();
  w.add_tag(duplicate, "refund");
  auto pair = lock_pair(db, duplicate.id, survivor.id);
  ASSERT_TRUE(pair);
  const auto moved = w.merge(pair->first, pair->second);
  ASSERT_TRUE(moved);
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(one("SELECT status || ':' || resolution_type || ':' || merged_into FROM tickets WHERE id = " +
                std::to_string(duplicate.id)),
            "closed:duplicate:" + std::to_string(survivor.id));
  EXPECT_EQ(one("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(survivor.id)), "refund");
  EXPECT_EQ(one("SELECT ticket_id FROM ticket_threads WHERE thread_key = 'dup-key'"), std::to_string(survivor.id));
  EXPECT_EQ(one("SELECT count(*) FROM audit_events WHERE event = 'ticket.merged'"), "1");

  auto dup = locked(duplicate.id);
  ASSERT_TRUE(w.unmerge(dup));
  EXPECT_EQ(one("SELECT string_agg(id::text, ',' ORDER BY id) FROM messages WHERE ticket_id = " +
                std::to_string(duplicate.id)),
            before_duplicate);
  EXPECT_EQ(one("SELECT string_agg(id::text, ',' ORDER BY id) FROM messages WHERE ticket_id = " +
                std::to_string(survivor.id)),
            before_survivor);
  EXPECT_EQ(one("SELECT status || ':' || coalesce(merged_into::text, '-') || ':' || coalesce(resolution_type, '-') "
                "FROM tickets WHERE id = " + std::to_string(duplicate.id)),
            "reopened:-:-");
  EXPECT_EQ(one("SELECT array_to_string(tags, ',') FROM tickets WHERE id = " + std::to_string(survivor.id)), "");
  EXPECT_EQ(one("SELECT ticket_id FROM ticket_threads WHERE thread_key = 'dup-key'"), std::to_string(duplicate.id));
  EXPECT_FALSE(w.unmerge(dup));  // nothing left to undo
}

TEST_F(TicketsTest, MergeRefusesOtherCustomersClosedTargetsAndItself) {
  auto a = make_ticket("One");
  auto b = make_ticket("Two", make_customer("bob@example.org"));
  auto w = agent_writer();
  EXPECT_EQ(w.merge(a, b).error().kind, Refusal::Kind::conflict);
  EXPECT_EQ(w.merge(a, a).error().kind, Refusal::Kind::invalid);
  auto c = make_ticket("Three");
  ASSERT_TRUE(w.close(c, Closing{}));
  EXPECT_EQ(w.merge(a, c).error().kind, Refusal::Kind::conflict);
  EXPECT_EQ(one("SELECT count(*) FROM ticket_merges"), "0");
}

TEST_F(TicketsTest, SplitMovesMessagesToANewTicketOfTheSameCustomer) {
  auto t = make_ticket("Two problems");
  const auto second = add_inbound(t.id, "Also my invoice is wrong");
  auto w = agent_writer();
  const auto made = w.split(t, std::vector<std::int64_t>{second});
  ASSERT_TRUE(made);
  EXPECT_EQ(made->messages_moved, 1);
  EXPECT_EQ(made->ticket.customer_id, t.customer_id);
  EXPECT_EQ(one("SELECT ticket_id FROM messages WHERE id = " + std::to_string(second)), std::to_string(made->ticket.id));
  EXPECT_EQ(one("SELECT description FROM tickets WHERE id = " + std::to_string(made->ticket.id)),
            "Also my invoice is wrong");
  EXPECT_EQ(one("SELECT count(*) FROM audit_events WHERE event = 'ticket.split'"), "2");
  EXPECT_EQ(one("SELECT count(*) FROM ticket_sla WHERE ticket_id = " + std::to_string(made->ticket.id)), "1");
  // Moving every message, or another ticket's, is refused.
  const auto first = std::stoll(one("SELECT min(id) FROM messages WHERE ticket_id = " + std::to_string(t.id)));
  EXPECT_EQ(w.split(t, std::vector<std::int64_t>{first}).error().kind, Refusal::Kind::invalid);
  EXPECT_EQ(w.split(t, std::vector<std::int64_t>{second}).error().kind, Refusal::Kind::invalid);
  EXPECT_EQ(w.split(t, std::vector<std::int64_t>{}).error().kind, Refusal::Kind::invalid);
}

}  // namespace
}  // namespace frontdesk::tickets::testing
