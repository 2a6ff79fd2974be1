# SPDX-License-Identifier: Apache-2.0
"""/metrics of a running daemon after the work it counts: ingest latency, rule matches and
events by type, the per-event duration, and the rules backlog (an event held back by a
locked ticket)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402


class RulesMetricsTest(unittest.TestCase):
    def setUp(self):
        self.db = TestDatabase()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = tempfile.mkdtemp(prefix="fd-rules-metrics-")
        rules = os.path.join(self.dir, "rules")
        os.makedirs(rules)
        with open(os.path.join(rules, "a.yaml"), "w") as f:
            f.write("- {name: tag new, on: ticket.created, then: [{add_tag: seen}]}\n"
                    "- {name: probe, on: ticket.updated, if: {field: event.new, eq: probe}, then: [{add_tag: probed}]}\n")
        self.daemon = Daemon(config(self.port, self.db.conninfo) + f"rules: {{ dir: {rules} }}\n")
        self.daemon.start().wait_healthy(self.base)

    def tearDown(self):
        self.assertEqual(self.daemon.stop(), 0)
        self.db.drop()
        shutil.rmtree(self.dir)

    def sample(self, series):
        text = http("GET", self.base + "/metrics").body.decode()
        m = re.search("^" + re.escape(series) + r" (\S+)$", text, re.M)
        return float(m.group(1)) if m else None

    def post_ticket(self, email):
        r = http("POST", self.base + "/api/v1/support/tickets",
                 json.dumps({"name": "N", "email": email, "subject": "s", "description": "d",
                             "category": "general"}), {"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        return r.json()["ticket"]["ticketNumber"]

    def test_ingest_and_rule_figures_follow_the_work(self):
        self.assertEqual(self.sample("frontdesk_ingest_latency_seconds_count"), 0)
        self.assertIsNone(self.sample('frontdesk_rules_matches_total{rule="tag new"}'))
        number = self.post_ticket("m@example.com")
        # Counted before the submitter's answer, so already there.
        self.assertEqual(self.sample("frontdesk_ingest_latency_seconds_count"), 1)
        self.assertGreater(self.sample("frontdesk_ingest_latency_seconds_sum"), 0)
        self.assertEqual(self.sample('frontdesk_ingest_latency_seconds_bucket{le="+Inf"}'), 1)
        wait_until(lambda: self.sample('frontdesk_rules_matches_total{rule="tag new"}') == 1, 30, "the match")
        self.assertEqual(self.db.query(f"SELECT array_to_string(tags, ',') FROM tickets WHERE number = '{number}'"),
                         "seen")
        self.assertGreaterEqual(self.sample('frontdesk_rules_events_total{event="ticket.created"}'), 1)
        self.assertGreaterEqual(self.sample("frontdesk_rules_event_duration_seconds_count"), 1)
        self.assertEqual(self.sample("frontdesk_rules_loop_stops_total"), 0)

    def test_backlog_shows_events_waiting_and_their_age(self):
        number = self.post_ticket("b@example.com")
        wait_until(lambda: self.sample("frontdesk_rules_backlog_events") == 0, 30, "the rules to catch up")
        self.assertEqual(self.sample("frontdesk_rules_backlog_age_seconds"), 0)
        ticket = self.db.query(f"SELECT id FROM tickets WHERE number = '{number}'")
        # While the ticket is locked here the probe rule cannot change it, so its event stays
        # unprocessed (skipped, or claimed in a transaction that waits). NO KEY UPDATE still
        # lets the event's foreign key check through.
        holder = subprocess.Popen(["psql", self.db.conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            holder.stdin.write(f"BEGIN;\nSELECT 'locked' FROM tickets WHERE id = {ticket} FOR NO KEY UPDATE;\n")
            holder.stdin.flush()
            self.assertEqual(holder.stdout.readline().strip(), "locked")
            self.db.query(f"INSERT INTO audit_events (ticket_id, event, actor_kind, new_value, created_at) "
                          f"VALUES ({ticket}, 'ticket.updated', 'system', to_jsonb('probe'::text), now() - interval '1 hour')")
            self.assertEqual(self.sample("frontdesk_rules_backlog_events"), 1)
            self.assertGreaterEqual(self.sample("frontdesk_rules_backlog_age_seconds"), 3600)
        finally:
            holder.communicate("COMMIT;\n", timeout=30)
        wait_until(lambda: self.sample("frontdesk_rules_backlog_events") == 0, 30, "the held event to run")
        self.assertEqual(self.db.query(f"SELECT array_to_string(tags, ',') FROM tickets WHERE id = {ticket}"),
                         "seen,probed")


if __name__ == "__main__":
    unittest.main()
