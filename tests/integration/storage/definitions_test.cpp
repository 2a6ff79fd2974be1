// SPDX-License-Identifier: Apache-2.0
// Definitions (daemon/storage/sql/): applied after the migrations whenever their text changes,
// the old shape of a function or trigger dropped, removed ones dropped, all or nothing.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

const Migration kItems{1, "items",
                       "CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL, touched int NOT NULL DEFAULT 0)"};
const std::vector<Migration> kMigrations{kItems};

const Definition kDouble{"fd_double", "CREATE OR REPLACE FUNCTION fd_double(x int) RETURNS int\n"
                                      "LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;"};
const Definition kTouch{"fd_touch",
                        "CREATE OR REPLACE FUNCTION fd_touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                        "BEGIN NEW.touched := NEW.touched + 1; RETURN NEW; END $$;\n"
                        "DROP TRIGGER IF EXISTS items_touch ON items;\n"
                        "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION fd_touch();"};

class DefinitionsTest : public ::testing::Test {
protected:
  MigrationReport run(const std::vector<Definition>& definitions) {
    return migrate_with_report(conn_, Schema{kMigrations, definitions, {}});
  }

  std::string text(const std::string& sql) { return conn_.exec(sql).get<std::string>(0, 0); }
  std::int64_t number(const std::string& sql) { return conn_.exec(sql).get<std::int64_t>(0, 0); }

  // Every overload of fd_double, e.g. "fd_double(integer)".
  std::string overloads(const std::string& name) {
    return text("SELECT coalesce(string_agg(oid::regprocedure::text, ' ' ORDER BY oid), '') FROM pg_proc "
                "WHERE proname = '" + name + "'");
  }
  std::string triggers() {
    return text("SELECT coalesce(string_agg(tgname, ' ' ORDER BY tgname), '') FROM pg_trigger WHERE NOT tgisinternal");
  }
  std::string recorded() {
    return text("SELECT coalesce(string_agg(name, ' ' ORDER BY name), '') FROM schema_definitions");
  }

  template <class F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "nothing thrown";
  }

  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(DefinitionsTest, AppliesEachOnceAndRecordsItsChecksum) {
  const MigrationReport first = run({kTouch, kDouble});
  EXPECT_EQ(first.applied, std::vector<int>{1});
  EXPECT_EQ(first.definitions, (std::vector<std::string>{"fd_double", "fd_touch"}));  // name order
  EXPECT_EQ(text("SELECT fd_double(21)::text"), "42");
  conn_.exec("INSERT INTO items VALUES (1, 10)");
  conn_.exec("UPDATE items SET price = 11");
  EXPECT_EQ(number("SELECT touched FROM items"), 1);
  EXPECT_EQ(text("SELECT checksum FROM schema_definitions WHERE name = 'fd_double'"), sha256_hex(kDouble.sql));

  const MigrationReport again = run({kTouch, kDouble});
  EXPECT_EQ(again.definitions, std::vector<std::string>{});
  EXPECT_EQ(again.dropped, std::vector<std::string>{});
}

TEST_F(DefinitionsTest, AChangedBodyIsReplacedInPlace) {
  run({kDouble});
  const std::int64_t oid = number("SELECT 'fd_double'::regproc::oid::int8");
  const MigrationReport report =
      run({{"fd_double", "CREATE OR REPLACE FUNCTION fd_double(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + x + 0 $$;"}});
  EXPECT_EQ(report.definitions, std::vector<std::string>{"fd_double"});
  EXPECT_EQ(text("SELECT fd_double(4)::text"), "8");
  EXPECT_EQ(number("SELECT 'fd_double'::regproc::oid::int8"), oid);  // CREATE OR REPLACE kept it
}

TEST_F(DefinitionsTest, AChangedReturnTypeIsDroppedAndCreatedAgain) {
  run({kDouble, kTouch});
  run({{"fd_double", "CREATE OR REPLACE FUNCTION fd_double(x int) RETURNS text LANGUAGE sql AS $$ SELECT (x * 2)::text || '!' $$;"},
       kTouch});
  EXPECT_EQ(text("SELECT fd_double(2)"), "4!");
  EXPECT_EQ(overloads("fd_double"), "fd_double(integer)");
}

TEST_F(DefinitionsTest, ChangedParametersLeaveNoOldOverload) {
  run({kDouble});
  run({{"fd_double", "CREATE OR REPLACE FUNCTION fd_double(x bigint, y bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT (x + y) * 2 $$;"}});
  EXPECT_EQ(overloads("fd_double"), "fd_double(bigint,bigint)");
  EXPECT_EQ(number("SELECT fd_double(1, 2)"), 6);
}

TEST_F(DefinitionsTest, ATriggerFunctionsNewTextReplacesItsTriggers) {
  run({kTouch});
  // The trigger now fires on insert and under another name; the old one must go.
  run({{"fd_touch", "CREATE OR REPLACE FUNCTION fd_touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    "BEGIN NEW.touched := NEW.touched + 10; RETURN NEW; END $$;\n"
                    "DROP TRIGGER IF EXISTS items_touch_all ON items;\n"
                    "CREATE TRIGGER items_touch_all BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION fd_touch();"}});
  EXPECT_EQ(triggers(), "items_touch_all");
  conn_.exec("INSERT INTO items VALUES (1, 10)");
  EXPECT_EQ(number("SELECT touched FROM items"), 10);
}

TEST_F(DefinitionsTest, ARemovedDefinitionIsDroppedWithItsTriggers) {
  run({kDouble, kTouch});
  const MigrationReport report = run({kDouble});
  EXPECT_EQ(report.dropped, std::vector<std::string>{"fd_touch"});
  EXPECT_EQ(report.definitions, std::vector<std::string>{});
  EXPECT_EQ(overloads("fd_touch"), "");
  EXPECT_EQ(triggers(), "");
  EXPECT_EQ(recorded(), "fd_double");
}

TEST_F(DefinitionsTest, DefinitionsMayUseOnesThatComeLaterByName) {
  // A SQL function is checked against what it calls, and a view needs what it reads: both
  // name definitions that sort after them.
  const Definition caller{"fd_a_caller", "CREATE OR REPLACE FUNCTION fd_a_caller(x int) RETURNS int LANGUAGE sql "
                                         "AS $$ SELECT fd_z_callee(x) + 1 $$;"};
  const Definition view{"fd_b_view", "CREATE OR REPLACE VIEW fd_b_view AS SELECT id, fd_z_callee(price) AS doubled "
                                     "FROM items;"};
  const Definition callee{"fd_z_callee", "CREATE OR REPLACE FUNCTION fd_z_callee(x int) RETURNS int LANGUAGE sql "
                                         "AS $$ SELECT x * 2 $$;"};
  const MigrationReport report = run({caller, view, callee});
  EXPECT_EQ(report.definitions.size(), 3u);
  conn_.exec("INSERT INTO items VALUES (1, 10)");
  EXPECT_EQ(number("SELECT fd_a_caller(1)"), 3);
  EXPECT_EQ(number("SELECT doubled FROM fd_b_view"), 20);
  EXPECT_EQ(recorded(), "fd_a_caller fd_b_view fd_z_callee");
}

TEST_F(DefinitionsTest, AViewWhoseColumnsChangeIsCreatedAgain) {
  run({{"fd_prices", "CREATE OR REPLACE VIEW fd_prices AS SELECT id, price FROM items;"}});
  run({{"fd_prices", "CREATE OR REPLACE VIEW fd_prices AS SELECT price AS amount FROM items;"}});
  EXPECT_EQ(text("SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'fd_prices'::regclass"),
            "amount");
}

TEST_F(DefinitionsTest, AFailingDefinitionIsNamedAndNothingOfTheRunStays) {
  run({kDouble});
  const Definition broken{"fd_broken", "CREATE OR REPLACE FUNCTION fd_broken() RETURNS int LANGUAGE plpgsql AS $$\n"
                                       "BEGIN RETURN 1 END $$;"};  // missing ';'
  const std::string message = error_of([&] { run({kDouble, broken, kTouch}); });
  EXPECT_NE(message.find("definition sql/fd_broken.sql failed"), std::string::npos) << message;
  EXPECT_EQ(overloads("fd_touch"), "");  // applied in the same run, rolled back
  EXPECT_EQ(recorded(), "fd_double");
}

TEST_F(DefinitionsTest, ABodyThatCallsWhatNoDefinitionMakesFailsNamed) {
  const Definition lost{"fd_lost", "CREATE OR REPLACE FUNCTION fd_lost(x int) RETURNS int LANGUAGE sql "
                                   "AS $$ SELECT fd_nowhere(x) $$;"};
  const std::string message = error_of([&] { run({kDouble, lost}); });
  EXPECT_NE(message.find("definition sql/fd_lost.sql failed"), std::string::npos) << message;
  EXPECT_NE(message.find("fd_nowhere"), std::string::npos) << message;
  EXPECT_EQ(recorded(), "");
  EXPECT_EQ(overloads("fd_double"), "");
}

TEST_F(DefinitionsTest, RemovingAFunctionOthersCallFailsTheirCheck) {
  const Definition caller{"fd_caller", "CREATE OR REPLACE FUNCTION fd_caller(x int) RETURNS int LANGUAGE sql "
                                       "AS $$ SELECT fd_double(x) $$;"};
  run({caller, kDouble});
  const std::string message = error_of([&] { run({caller}); });
  EXPECT_NE(message.find("definition sql/fd_caller.sql failed"), std::string::npos) << message;
  EXPECT_EQ(overloads("fd_double"), "fd_double(integer)");  // still there: nothing applied
}

TEST_F(DefinitionsTest, TwoDefinitionsOfOneNameAreRefused) {
  EXPECT_THROW(run({kDouble, kDouble}), std::invalid_argument);
}

}  // namespace
}  // namespace frontdesk::storage
