// SPDX-License-Identifier: Apache-2.0
// A migrated database with one customer and one agent, and helpers to make and read tickets.
#pragma once

#include "storage/connection.hpp"
#include "test_database.hpp"
#include "tickets/ticket_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace frontdesk::tickets::testing {

class TicketsTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // A new open ticket of `customer` on `channel` with one inbound message.
  Ticket make_ticket(const std::string& subject, std::int64_t customer = 0, const std::string& channel = "email",
                     const std::string& metadata = "{}");
  std::int64_t add_inbound(std::int64_t ticket_id, const std::string& body, const std::string& metadata = "{}");
  std::int64_t make_customer(const std::string& email);
  Ticket locked(std::int64_t id);
  std::string one(const std::string& sql);

  TicketWriter agent_writer() { return TicketWriter(db, Actor{Actor::Kind::agent, agent_id, {}, 0}); }

  frontdesk::testing::TestDatabase database;
  storage::Connection db = storage::Connection::connect(database.conninfo());
  std::int64_t customer_id = 0;
  std::int64_t agent_id = 0;
};

}  // namespace frontdesk::tickets::testing
