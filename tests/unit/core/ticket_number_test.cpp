// SPDX-License-Identifier: Apache-2.0
#include "core/ticket_number.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace frontdesk::core {
namespace {

TEST(TicketNumber, FormatsTheSeedExample) {
  EXPECT_EQ(format_ticket_number(1728563421, 1), "TKT-1728563421-000001");
  EXPECT_EQ(format_ticket_number(TicketNumber{1728563421, 42}), "TKT-1728563421-000042");
}

TEST(TicketNumber, SequenceIsTakenModuloAMillion) {
  EXPECT_EQ(format_ticket_number(1, 0), "TKT-1-000000");
  EXPECT_EQ(format_ticket_number(1, 999'999), "TKT-1-999999");
  EXPECT_EQ(format_ticket_number(1, 1'000'000), "TKT-1-000000");
  EXPECT_EQ(format_ticket_number(1, 1'000'001), "TKT-1-000001");
  EXPECT_EQ(format_ticket_number(1, 123'456'789), "TKT-1-456789");
  EXPECT_EQ(format_ticket_number(1, -1), "TKT-1-999999");
  EXPECT_EQ(format_ticket_number(1, std::numeric_limits<std::int64_t>::max()), "TKT-1-775807");
  EXPECT_EQ(format_ticket_number(1, std::numeric_limits<std::int64_t>::min()), "TKT-1-224192");
}

TEST(TicketNumber, ZeroAndLargeSeconds) {
  EXPECT_EQ(format_ticket_number(0, 7), "TKT-0-000007");
  EXPECT_EQ(format_ticket_number(std::numeric_limits<std::int64_t>::max(), 7),
            "TKT-9223372036854775807-000007");
}

TEST(TicketNumber, NegativeSecondsAreRefused) {
  EXPECT_THROW((void)format_ticket_number(-1, 1), std::invalid_argument);
}

TEST(TicketNumber, ParsesWhatItFormats) {
  const auto parsed = parse_ticket_number("TKT-1728563421-000001");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->unix_seconds, 1728563421);
  EXPECT_EQ(parsed->sequence, 1);
  for (const auto& [seconds, sequence] : {std::pair<std::int64_t, std::int64_t>{0, 0},
                                          {1, 999999},
                                          {1728563421, 123456},
                                          {std::numeric_limits<std::int64_t>::max(), 500000}}) {
    const std::string text = format_ticket_number(seconds, sequence);
    EXPECT_EQ(parse_ticket_number(text), (TicketNumber{seconds, sequence})) << text;
  }
}

TEST(TicketNumber, ParseIsStrict) {
  for (const char* bad : {
           "",
           "TKT-",
           "TKT--000001",
           "TKT-1728563421",
           "TKT-1728563421-",
           "tkt-1728563421-000001",  // lower-case prefix
           "Tkt-1728563421-000001",
           "TKT-1728563421-00001",    // 5-digit sequence
           "TKT-1728563421-0000001",  // 7-digit sequence
           "TKT-01728563421-000001",  // leading zero in seconds
           "TKT-+1728563421-000001",
           "TKT--1728563421-000001",
           "TKT-1728563421-+00001",
           "TKT-1728563421-00000a",
           "TKT-17285634x1-000001",
           "TKT-1728563421-000001 ",
           " TKT-1728563421-000001",
           "TKT 1728563421-000001",
           "TKT-1728563421_000001",
           "TKT-1728563421-000001-1",
           "TKT-9223372036854775808-000001",  // one more than int64 holds
           "TKT-99999999999999999999-000001",
           "XYZ-1728563421-000001",
           "[TKT-1728563421-000001]",
       }) {
    EXPECT_FALSE(parse_ticket_number(bad)) << '"' << bad << '"';
  }
  EXPECT_TRUE(parse_ticket_number("TKT-0-000000"));
}

TEST(TicketToken, FindsTheTokenInASubject) {
  EXPECT_EQ(find_ticket_token("Re: [TKT-1728563421-000001] Cannot complete payment"),
            "TKT-1728563421-000001");
  EXPECT_EQ(find_ticket_token("[TKT-1-000002]"), "TKT-1-000002");
  EXPECT_EQ(find_ticket_token("Fwd: Re: help [TKT-1728563421-000003]"), "TKT-1728563421-000003");
}

TEST(TicketToken, PrefixIsCaseInsensitiveAndResultCanonical) {
  EXPECT_EQ(find_ticket_token("re: [tkt-1728563421-000001]"), "TKT-1728563421-000001");
  EXPECT_EQ(find_ticket_token("RE: [Tkt-1728563421-000001]"), "TKT-1728563421-000001");
}

TEST(TicketToken, FirstValidTokenWins) {
  EXPECT_EQ(find_ticket_token("[TKT-1-000001] and [TKT-2-000002]"), "TKT-1-000001");
  EXPECT_EQ(find_ticket_token("[TKT-bad] [TKT-2-000002]"), "TKT-2-000002");
  EXPECT_EQ(find_ticket_token("[ext 12] [TKT-3-000003]"), "TKT-3-000003");
  EXPECT_EQ(find_ticket_token("[x [TKT-4-000004]"), "TKT-4-000004");
  EXPECT_EQ(find_ticket_token("[[TKT-5-000005]]"), "TKT-5-000005");
}

TEST(TicketToken, RejectsMalformedTokens) {
  for (const char* subject : {
           "",
           "no token here",
           "TKT-1728563421-000001 without brackets",
           "[TKT-1728563421-000001",    // not closed
           "[ TKT-1728563421-000001]",  // spaces inside the brackets
           "[TKT-1728563421-000001 ]",
           "[TKT- 1728563421-000001]",
           "[TKT-1728563421-00001]",
           "[TKT-1728563421-0000011]",
           "[TKT-01728563421-000001]",
           "[TKT-]",
           "[]",
           "(TKT-1728563421-000001)",
           "[TKX-1728563421-000001]",
           "]TKT-1728563421-000001[",
       }) {
    EXPECT_FALSE(find_ticket_token(subject)) << '"' << subject << '"';
  }
}

}  // namespace
}  // namespace frontdesk::core
