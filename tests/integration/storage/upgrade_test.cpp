// SPDX-License-Identifier: Apache-2.0
// An installation of the last release before the squash upgrades: its database, at migration
// 0023 with data in it (tests/fixtures/schema/release_0023.sql, made by the old migrations and
// the daemon's own functions), is recorded at 0023_baseline, takes the later migrations (0024
// first: web-form tokens scoped to their tickets) and the definitions, and then holds the same
// rows but for the tokens 0024 converts, the same functions and triggers byte for byte but for
// fd_ingest_batch (which 0024's fix restates), the schema of the snapshot, and ingests as before.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema_dump.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"

namespace frontdesk::storage {
namespace {

using Texts = std::map<std::string, std::string>;

Texts rows_of(Connection& conn, const std::string& sql) {
  Texts out;
  const Result r = conn.exec(sql);
  for (int row = 0; row < r.rows(); ++row) out[r.get<std::string>(row, 0)] = r.get<std::string>(row, 1);
  return out;
}

// Each table's columns as a select list, in their order: what the release had, so that a
// later migration's new columns do not count as a change of the old rows. tickets.resolved_at
// is left out: 0027 fills it in on purpose (checked on its own below).
Texts column_lists(Connection& conn) {
  return rows_of(conn,
                 "SELECT table_name::text, string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
                 "FROM information_schema.columns WHERE table_schema = 'public' "
                 "AND NOT (table_name = 'tickets' AND column_name = 'resolved_at') GROUP BY 1");
}

// Each table's row count and a digest of its rows over `columns` (bookkeeping tables aside).
Texts table_contents(Connection& conn, const Texts& columns) {
  Texts out;
  const Result tables = conn.exec(
      "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' "
      "AND tablename NOT IN ('schema_migrations', 'schema_definitions') ORDER BY 1");
  for (int row = 0; row < tables.rows(); ++row) {
    const std::string table = tables.get<std::string>(row, 0);
    const auto list = columns.find(table);
    if (list == columns.end()) continue;  // a table a later migration made
    out[table] = conn.exec("SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) "
                           "FROM (SELECT " + list->second + " FROM " + table + ") x")
                     .get<std::string>(0, 0);
  }
  return out;
}

Texts sequences(Connection& conn) {
  return rows_of(conn, "SELECT sequencename::text, coalesce(last_value::text, 'unused') FROM pg_sequences "
                       "WHERE schemaname = 'public'");
}

Texts functions(Connection& conn) {
  // Ours: not the members of extensions (0030 creates unaccent and pg_trgm).
  return rows_of(conn, "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p "
                       "WHERE p.pronamespace = 'public'::regnamespace AND NOT EXISTS ("
                       "SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
                       "AND d.objid = p.oid AND d.deptype = 'e')");
}

Texts triggers(Connection& conn) {
  return rows_of(conn, "SELECT tgname::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal");
}

// The columns of api_tokens that 0024 leaves alone (it sets ticket_scoped and expires_at).
std::string token_identities(Connection& conn) {
  return conn.exec("SELECT string_agg(concat_ws(' ', id, encode(token_hash, 'hex'), role, customer_id, agent_id, "
                   "label, created_at, revoked_at), E'\\n' ORDER BY id) FROM api_tokens")
      .get<std::string>(0, 0);
}

std::string recorded_migrations(Connection& conn) {
  return conn.exec("SELECT string_agg(version || ' ' || name || ' ' || checksum, E'\\n' ORDER BY version) "
                   "FROM schema_migrations")
      .get<std::string>(0, 0);
}

class UpgradeTest : public ::testing::Test {
protected:
  UpgradeTest() {
    // The dump sets search_path to '' for its session: load it on a connection of its own.
    Connection loader = Connection::connect(db_.conninfo());
    loader.exec(testing::read_source_file("tests/fixtures/schema/release_0023.sql"));
  }

  std::string text(const std::string& sql) { return conn_.exec(sql).get<std::string>(0, 0); }

  testing::TestDatabase db_;
  Connection conn_ = Connection::connect(db_.conninfo());
};

TEST_F(UpgradeTest, TheFixtureIsADatabaseOfTheReleaseBeforeTheSquash) {
  EXPECT_EQ(schema_version(conn_), 23);
  EXPECT_EQ(text("SELECT count(*)::text FROM schema_migrations"), "22");  // 0012 never shipped
  EXPECT_EQ(text("SELECT name FROM schema_migrations WHERE version = 23"), "opening_message");
  EXPECT_EQ(text("SELECT to_regclass('schema_definitions') IS NULL"), "t");
  EXPECT_EQ(text("SELECT count(*)::text FROM tickets"), "9");
  // Before 0024: no ticket scope. The web form's tokens (two tickets of Ben's) and the API's
  // were issued for the customer, labelled with their ticket, and never expire.
  EXPECT_EQ(text("SELECT to_regclass('api_token_tickets') IS NULL"), "t");
  EXPECT_EQ(text("SELECT count(*)::text FROM information_schema.columns "
                 "WHERE table_name = 'api_tokens' AND column_name = 'ticket_scoped'"),
            "0");
  EXPECT_EQ(text("SELECT string_agg(t.channel || ' ' || (k.expires_at IS NULL), ', ' ORDER BY k.id) "
                 "FROM api_tokens k JOIN tickets t ON k.label = 'issued with ' || t.number "
                 "WHERE k.role = 'customer' AND k.customer_id = t.customer_id"),
            "webform true, api true, webform true");
}

TEST_F(UpgradeTest, MigratesWithNothingLostAndEqualsTheSnapshot) {
  const Texts columns_before = column_lists(conn_);
  const Texts contents_before = table_contents(conn_, columns_before);
  const std::string unresolved_before =
      text("SELECT count(*)::text FROM tickets WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL");
  const Texts sequences_before = sequences(conn_);
  const Texts functions_before = functions(conn_);
  const Texts triggers_before = triggers(conn_);
  const std::string tokens_before = token_identities(conn_);
  ASSERT_EQ(functions_before.size(), 34u);
  ASSERT_EQ(triggers_before.size(), 14u);

  const Schema builtin = builtin_schema();
  const MigrationReport report = migrate_with_report(conn_, builtin);
  EXPECT_TRUE(report.baseline_recorded);
  std::vector<int> later;
  for (const Migration& m : builtin.migrations) {
    if (m.version > 23) later.push_back(m.version);
  }
  ASSERT_FALSE(later.empty());
  EXPECT_EQ(later.front(), 24);
  EXPECT_EQ(report.applied, later);  // the baseline did not run; 0024 did
  EXPECT_EQ(report.definitions.size(), builtin.definitions.size());

  // Every row of every table, and every sequence, as it was. A later migration that changes
  // data on purpose says so here: 0024 scopes tokens and sets their expiry (its own test below),
  // and nothing else of a token.
  const Texts contents_after = table_contents(conn_, columns_before);
  for (const auto& [table, digest] : contents_before) {
    ASSERT_TRUE(contents_after.contains(table)) << table;
    if (table == "api_tokens") continue;
    EXPECT_EQ(contents_after.at(table), digest) << table;
  }
  EXPECT_EQ(token_identities(conn_), tokens_before);
  // 0027: every resolved or closed ticket has a resolution time (rules used to leave it out).
  EXPECT_EQ(text("SELECT count(*)::text FROM tickets WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL"),
            "0")
      << unresolved_before << " had none before";
  const Texts sequences_after = sequences(conn_);
  for (const auto& [sequence, value] : sequences_before) {
    ASSERT_TRUE(sequences_after.contains(sequence)) << sequence;
    EXPECT_EQ(sequences_after.at(sequence), value) << sequence;
  }
  // The functions and triggers that sql/ defines are the ones the old migrations left, byte
  // for byte: moved, not rewritten. All but fd_ingest_batch, changed since (below): it is
  // what a fresh database has.
  testing::TestDatabase fresh_db;
  Connection fresh = Connection::connect(fresh_db.conninfo());
  migrate(fresh, builtin);
  const Texts functions_after = functions(conn_);
  EXPECT_EQ(functions_after, functions(fresh));
  // 0028 drops fd_reply_route and 0031 the customer-request triggers and fd_answer_survey:
  // the ticket domain decides those now. fd_tags_text, which nothing called, is gone. The event stream (0029) adds fd_event_type and
  // fd_event_json, the knowledge base (0030) fd_kb_search_config, fd_kb_translation_index and
  // fd_kb_article_flags, the conversations' numbering (0041) fd_conversation_seq.
  const auto dropped = [](const std::string& function) {
    for (const std::string_view gone : {"fd_reply_route(", "fd_messages_command(", "fd_messages_opt_out(",
                                        "fd_messages_survey_answer(", "fd_answer_survey(", "fd_tags_text("}) {
      if (function.starts_with(gone)) return true;
    }
    return false;
  };
  ASSERT_EQ(functions_after.size(), functions_before.size() - 6 + 2 + 3 + 1);
  for (const auto& [function, definition] : functions_before) {
    if (dropped(function)) {
      EXPECT_FALSE(functions_after.contains(function));
      continue;
    }
    ASSERT_TRUE(functions_after.contains(function)) << function;
    if (function.starts_with("fd_ingest_batch(")) {
      // Scoped web-form tokens (0024), and messages for a merged ticket follow the chain of
      // merges to its survivor.
      EXPECT_NE(functions_after.at(function), definition) << function;
      EXPECT_NE(functions_after.at(function).find("ticket_scoped"), std::string::npos);
      EXPECT_NE(functions_after.at(function).find("WHILE v_found AND v_ticket.merged_into"), std::string::npos);
    } else if (function.starts_with("fd_ticket_json(")) {
      // A message's language (0042).
      EXPECT_NE(functions_after.at(function).find("'language', m.language"), std::string::npos);
    } else if (function.starts_with("fd_rules_notify(") || function.starts_with("fd_outbox_notify(")) {
      // They wake listeners only when the statement inserted rows.
      EXPECT_NE(functions_after.at(function).find("IF EXISTS (SELECT 1 FROM inserted)"), std::string::npos);
    } else {
      EXPECT_EQ(functions_after.at(function), definition) << function;
    }
  }
  // The knowledge base's triggers (0030, kb_*) and the conversations' numbering (0041,
  // messages_conversation_seq_*) are new; the customer-request ones are gone.
  Texts triggers_after = triggers(conn_);
  std::erase_if(triggers_after, [](const auto& t) {
    return t.first.starts_with("kb_") || t.first.starts_with("messages_conversation_seq_");
  });
  Texts kept_triggers = triggers_before;
  for (const std::string_view gone : {"messages_command", "messages_opt_out", "messages_survey_answer"}) {
    EXPECT_EQ(kept_triggers.erase(std::string(gone)), 1u) << gone;
  }
  for (const std::string_view notifying : {"audit_events_rules_notify", "outbox_notify"}) {
    const std::string name(notifying);
    ASSERT_TRUE(kept_triggers.contains(name) && triggers_after.contains(name)) << name;
    EXPECT_NE(triggers_after.at(name).find("REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT"), std::string::npos);
    kept_triggers[name] = triggers_after.at(name);
  }
  EXPECT_EQ(triggers_after, kept_triggers);
  // And each of them is one a definition names: nothing the old migrations left is unowned.
  EXPECT_EQ(text("SELECT coalesce(string_agg(p.proname, ' '), '') FROM pg_proc p "
                 "WHERE p.pronamespace = 'public'::regnamespace "
                 "AND p.proname NOT IN (SELECT name FROM schema_definitions) "
                 "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
                 "AND d.objid = p.oid AND d.deptype = 'e')"),
            "");
  EXPECT_EQ(text("SELECT count(*)::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                 "WHERE NOT t.tgisinternal AND p.proname IN (SELECT name FROM schema_definitions)"),
            "15");  // 14 before, 3 moved to C++ (0031), the knowledge base's two, the conversations' two

  // Recorded as a fresh database records itself, and of the same schema.
  EXPECT_EQ(recorded_migrations(conn_), recorded_migrations(fresh));
  EXPECT_EQ(schema_version(conn_), builtin.migrations.back().version);
  EXPECT_TRUE(testing::normalized_schema(db_.conninfo()) == testing::schema_snapshot())
      << "the upgraded database's schema differs from daemon/storage/schema_snapshot.sql";

  const MigrationReport again = migrate_with_report(conn_, builtin);
  EXPECT_FALSE(again.baseline_recorded);
  EXPECT_TRUE(again.applied.empty());
  EXPECT_TRUE(again.definitions.empty());
}

// 0024: a token the old release issued with a ticket (the web form's, the API's) sees that
// ticket only from now on, and expires within 30 days; a customer token an admin made keeps
// seeing all the customer's tickets, and agent and admin tokens are as they were.
TEST_F(UpgradeTest, TheTokensIssuedWithTicketsAreScopedToTheirTicketAndExpire) {
  // Ben's second web-form token was given an expiry by hand, sooner than 30 days: it stays.
  conn_.exec("UPDATE api_tokens SET expires_at = '2026-01-02 03:04:05+00' WHERE id = 5");
  migrate(conn_, builtin_schema());

  // Each token lists exactly the ticket it came with: Ben's two web-form tokens one ticket each.
  EXPECT_EQ(text("SELECT string_agg(k.id || ':' || t.number || ':' || t.channel, ' ' ORDER BY k.id, t.id) "
                 "FROM api_token_tickets s JOIN api_tokens k ON k.id = s.token_id "
                 "JOIN tickets t ON t.id = s.ticket_id"),
            "3:TKT-1795165200-000002:webform 4:TKT-1795165500-000007:api 5:TKT-1795168800-000008:webform");
  EXPECT_EQ(text("SELECT count(*)::text FROM api_token_tickets s JOIN api_tokens k ON k.id = s.token_id "
                 "JOIN tickets t ON t.id = s.ticket_id WHERE k.label = 'issued with ' || t.number"),
            "3");
  EXPECT_EQ(text("SELECT string_agg(id || ' ' || role || ' ' || ticket_scoped, ', ' ORDER BY id) FROM api_tokens"),
            "1 agent false, 2 admin false, 3 customer true, 4 customer true, 5 customer true, 6 customer false");
  // Expiring within 30 days of the upgrade (the migration's now() is at most the test's).
  EXPECT_EQ(text("SELECT string_agg(id::text, ' ' ORDER BY id) FROM api_tokens WHERE ticket_scoped "
                 "AND expires_at > now() - interval '1 hour' + interval '30 days' "
                 "AND expires_at <= now() + interval '30 days'"),
            "3 4");
  EXPECT_EQ(text("SELECT expires_at = '2026-01-02 03:04:05+00' FROM api_tokens WHERE id = 5"), "t");
  // Ann's portal token (an admin's, label 'portal') is untouched.
  EXPECT_EQ(text("SELECT ticket_scoped || ' ' || (expires_at = '2027-11-20 10:05:00+00') || ' ' || "
                 "(SELECT count(*) FROM api_token_tickets WHERE token_id = 6) FROM api_tokens WHERE id = 6"),
            "false true 0");
  EXPECT_EQ(text("SELECT string_agg(coalesce(expires_at::text, 'never'), ' ' ORDER BY id) FROM api_tokens "
                 "WHERE role <> 'customer'"),
            "never never");
}

TEST_F(UpgradeTest, IngestWorksAfterTheUpgrade) {
  migrate(conn_, builtin_schema());
  const std::string events_before = text("SELECT max(id)::text FROM audit_events");
  // Ann replies on the thread of our reply to her (the common path), a web-form sender opens a
  // ticket with a token, and WhatsApp redelivers a message stored before the upgrade.
  const Result rows = conn_.exec(R"sql(
    SELECT string_agg(idx || ' ' || status || ' ' || ticket_id || ' ' || ticket_status, ', ' ORDER BY idx)
    FROM fd_ingest_batch($$[
      {"i": 1, "channel": "email", "external_id": "<after-1@mail.example>", "identity_kind": "email",
       "identity_value": "ann@example.com", "customer_name": "Ann", "language": "en", "ticket_ref": "",
       "thread_keys": ["<reply-1@frontdesk.example>"], "own_thread_key": "", "subject": "Re: Cannot log in",
       "body": "One more thing.", "category": "", "priority": "", "metadata": "{}", "attachments": "[]",
       "new_ticket": false, "token_hash": null},
      {"i": 2, "channel": "webform", "external_id": "wf-after-1", "identity_kind": "email",
       "identity_value": "fay@example.com", "customer_name": "Fay", "language": "en", "ticket_ref": "",
       "thread_keys": [], "own_thread_key": "", "subject": "After the upgrade", "body": "Hello again.",
       "category": "", "priority": "", "metadata": "{}", "attachments": "[]", "new_ticket": true,
       "token_hash": "\\x2c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"},
      {"i": 3, "channel": "whatsapp", "external_id": "wamid.A1", "identity_kind": "whatsapp",
       "identity_value": "+4915100000001", "customer_name": "Cem", "language": "", "ticket_ref": "",
       "thread_keys": ["wa:+4915100000001"], "own_thread_key": "wa:+4915100000001", "subject": "",
       "body": "Is my booking for Friday confirmed?", "category": "", "priority": "", "metadata": "{}",
       "attachments": "[]", "new_ticket": false, "token_hash": null}
    ]$$::jsonb, '2026-12-01 10:00:00+00'))sql");
  // Ann's ticket is 1 (in progress); the new ticket takes the next id; the repeat answers
  // with the ticket the original went to.
  EXPECT_EQ(rows.get<std::string>(0, 0), "1 appended 1 in_progress, 2 created 10 open, 3 duplicate 3 open");
  EXPECT_EQ(text("SELECT number FROM tickets WHERE id = 10"), "TKT-1796119200-000010");
  // The new ticket's token is scoped to it and expires in 30 days; its SLA clock and search row
  // exist; its opening message is marked; the events follow the old ones.
  EXPECT_EQ(text("SELECT k.ticket_scoped || ' ' || (k.expires_at = '2026-12-31 10:00:00+00') || ' ' || t.ticket_id "
                 "FROM api_tokens k JOIN api_token_tickets t ON t.token_id = k.id "
                 "WHERE k.label LIKE 'issued with %000010'"),
            "true true 10");
  EXPECT_EQ(text("SELECT count(*)::text FROM ticket_sla WHERE ticket_id = 10"), "1");
  EXPECT_EQ(text("SELECT (search_vector @@ to_tsquery('english', 'upgrade'))::text FROM ticket_search "
                 "WHERE ticket_id = 10"),
            "true");
  EXPECT_EQ(text("SELECT opens_ticket::text FROM messages WHERE external_id = 'wf-after-1'"), "true");
  EXPECT_EQ(text("SELECT string_agg(ticket_id || ':' || event, ' ' ORDER BY id) FROM audit_events WHERE id > " +
                 events_before),
            "10:ticket.created 1:message.received");
}

TEST_F(UpgradeTest, ADatabasePartWayThroughTheOldMigrationsIsSentToTheEarlierRelease) {
  conn_.exec("DELETE FROM schema_migrations WHERE version > 17");
  const std::string before = recorded_migrations(conn_);
  try {
    migrate(conn_, builtin_schema());
    FAIL() << "migrated a database at 0017";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("at migration 0017_ingest_batch of an earlier release"), std::string::npos) << message;
    EXPECT_NE(message.find("Upgrade it with the last release before 0023_baseline first"), std::string::npos)
        << message;
    EXPECT_NE(message.find("it applies the migrations up to 0023_opening_message"), std::string::npos) << message;
  }
  EXPECT_EQ(recorded_migrations(conn_), before);
  EXPECT_EQ(text("SELECT to_regclass('schema_definitions') IS NULL"), "t");
}

}  // namespace
}  // namespace frontdesk::storage
