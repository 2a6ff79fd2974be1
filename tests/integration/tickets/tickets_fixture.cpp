// SPDX-License-Identifier: Apache-2.0
#include "tickets_fixture.hpp"

#include "storage/migrations.hpp"

namespace frontdesk::tickets::testing {

void TicketsTest::SetUp() {
  storage::migrate(db, storage::builtin_schema());
  customer_id = make_customer("ann@example.org");
  agent_id = std::stoll(one("INSERT INTO agents (name, email, availability) VALUES ('Sam', 'sam@desk.example', "
                            "'available') RETURNING id"));
}

std::int64_t TicketsTest::make_customer(const std::string& email) {
  const auto id = std::stoll(one("INSERT INTO customers (name) VALUES ('" + email + "') RETURNING id"));
  db.exec("INSERT INTO customer_identities (kind, value, customer_id) VALUES ('email', $1, $2)", email, id);
  return id;
}

Ticket TicketsTest::make_ticket(const std::string& subject, std::int64_t customer, const std::string& channel,
                                const std::string& metadata) {
  const auto id = db.exec(
                        "INSERT INTO tickets (number, customer_id, channel, subject, description) "
                        "VALUES ('TKT-1-' || lpad(nextval('ticket_number_seq')::text, 6, '0'), $1, $2, $3, 'text') "
                        "RETURNING id",
                        customer != 0 ? customer : customer_id, channel, subject)
                      .get<std::int64_t>(0, 0);
  add_inbound(id, "text", metadata);
  return locked(id);
}

std::int64_t TicketsTest::add_inbound(std::int64_t ticket_id, const std::string& body, const std::string& metadata) {
  return db.exec("INSERT INTO messages (ticket_id, direction, author_kind, channel, external_id, body, metadata) "
                 "SELECT id, 'inbound', 'customer', channel, gen_random_uuid()::text, $2, $3::jsonb "
                 "FROM tickets WHERE id = $1 RETURNING id",
                 ticket_id, body, metadata)
      .get<std::int64_t>(0, 0);
}

Ticket TicketsTest::locked(std::int64_t id) {
  auto t = lock_ticket(db, id);
  if (!t) throw std::runtime_error("no ticket " + std::to_string(id));
  return *t;
}

std::string TicketsTest::one(const std::string& sql) {
  const auto r = db.exec(sql);
  return r.empty() || r.is_null(0, 0) ? std::string() : std::string(r.text(0, 0));
}

}  // namespace frontdesk::tickets::testing
