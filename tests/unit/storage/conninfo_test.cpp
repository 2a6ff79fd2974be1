// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "storage/conninfo.hpp"

namespace frontdesk::storage {
namespace {

TEST(RedactConninfo, MasksKeyValuePasswords) {
  EXPECT_EQ(redact_conninfo("host=db user=fd password=s3cret dbname=frontdesk"),
            "host=db user=fd password=*** dbname=frontdesk");
  EXPECT_EQ(redact_conninfo("password = 'it\\'s secret' host=db"), "password = *** host=db");
  EXPECT_EQ(redact_conninfo("host=db sslpassword=key1"), "host=db sslpassword=***");
  EXPECT_EQ(redact_conninfo("password=tail"), "password=***");
}

TEST(RedactConninfo, LeavesStringsWithoutPasswordsAlone) {
  EXPECT_EQ(redact_conninfo("host=/run/pg port=5432 dbname='my db'"), "host=/run/pg port=5432 dbname='my db'");
  EXPECT_EQ(redact_conninfo("postgresql://fd@db:5432/frontdesk"), "postgresql://fd@db:5432/frontdesk");
  EXPECT_EQ(redact_conninfo("postgresql:///frontdesk?host=/run/pg"), "postgresql:///frontdesk?host=/run/pg");
  EXPECT_EQ(redact_conninfo(""), "");
}

TEST(RedactConninfo, MasksUrlPasswords) {
  EXPECT_EQ(redact_conninfo("postgresql://fd:s3cret@db:5432/frontdesk"), "postgresql://fd:***@db:5432/frontdesk");
  EXPECT_EQ(redact_conninfo("postgres://fd:s3cret@db"), "postgres://fd:***@db");
  EXPECT_EQ(redact_conninfo("postgresql://fd:p@ss/w0rd@db/x"), "postgresql://fd:***@db/x");
  EXPECT_EQ(redact_conninfo("postgresql://db/x?user=fd&password=s3cret&sslmode=require"),
            "postgresql://db/x?user=fd&password=***&sslmode=require");
  EXPECT_EQ(redact_conninfo("postgresql://db/x?pass%77ord=s3cret"), "postgresql://db/x?pass%77ord=***");
}

TEST(RedactConninfo, MasksAConnectionStringNestedInDbname) {
  const std::string redacted = redact_conninfo("dbname='postgresql://fd:s3cret@db/x' connect_timeout=5");
  EXPECT_EQ(redacted.find("s3cret"), std::string::npos) << redacted;
  EXPECT_NE(redacted.find("connect_timeout=5"), std::string::npos) << redacted;
}

TEST(RedactConninfo, NeverEchoesWhatItCannotParse) {
  EXPECT_EQ(redact_conninfo("host=db password='unterminated"), "<unparseable connection string>");
  EXPECT_EQ(redact_conninfo("host db password s3cret"), "<unparseable connection string>");
}

TEST(ConninfoWith, OverridesAKeyInBothForms) {
  EXPECT_EQ(conninfo_with("host=/run/pg dbname=postgres user=admin", "dbname", "t1"),
            "user='admin' dbname='t1' host='/run/pg'");
  EXPECT_EQ(conninfo_with("postgresql://admin:pw@db:5433/postgres", "dbname", "t 2"),
            "user='admin' password='pw' dbname='t 2' host='db' port='5433'");
  EXPECT_EQ(conninfo_with("host=db", "dbname", "it's"), "dbname='it\\'s' host='db'");
}

TEST(ConninfoWith, RejectsGarbageWithoutLeakingThePassword) {
  try {
    (void)conninfo_with("password=s3cret nonsense", "dbname", "x");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST(QuoteConninfoValue, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(quote_conninfo_value("a b"), "'a b'");
  EXPECT_EQ(quote_conninfo_value("it's\\x"), "'it\\'s\\\\x'");
}

}  // namespace
}  // namespace frontdesk::storage
