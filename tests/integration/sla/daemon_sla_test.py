# SPDX-License-Identifier: Apache-2.0
"""The SLA engine inside the real frontdeskd: --check reports policy errors with their line,
warnings and breaches are raised once each across a restart and with two daemons on one
database, SIGHUP swaps the policies (and keeps them when the new ones are broken), and the
ticket JSON counts the minutes left. A 4-second first-response target keeps the waits short."""
import json
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))

from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

ADMIN_TOKEN = "fdx_bootstrap_admin_for_sla_tests_0123456789"

FAST_SLA = """sla:
  policies:
    fast:
      warning: 50%
      targets: { urgent: { first_response: 4s, resolution: 1h } }
"""


def create_tickets(db, count, prefix="TKT-SLA-"):
    db.query("INSERT INTO customers (name) VALUES ('sla test')")
    return db.query("INSERT INTO tickets (number, customer_id, channel, subject, description, priority) "
                    f"SELECT '{prefix}' || i, (SELECT min(id) FROM customers), 'webform', 's', 'd', 'urgent' "
                    f"FROM generate_series(1, {count}) AS i RETURNING id")


def sla_events(db, event):
    return int(db.query(f"SELECT count(*) FROM audit_events WHERE event = '{event}'"))


class SlaCheckTest(unittest.TestCase):
    def test_check_reports_sla_errors_with_lines(self):
        d = Daemon(config(free_port(), "", extra="sla:\n  calendars:\n    office:\n"
                                                  "      time_zone: Mars/Olympus\n"
                                                  "      hours: { mon: \"09:00-17:00\" }\n"
                                                  "  policies:\n    p: { calendar: office, warning: 0% }\n"))
        r = d.check()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("frontdesk.yaml:11: sla.calendars.office.time_zone: unknown time zone 'Mars/Olympus'",
                      r.stderr)
        self.assertRegex(r.stderr, r"frontdesk\.yaml:\d+: sla\.policies\.p\.warning: expected a percentage")

    def test_check_accepts_a_good_policy(self):
        r = Daemon(config(free_port(), "", extra=FAST_SLA)).check()
        self.assertEqual(r.returncode, 0, r.stderr)


class SlaDaemonTest(unittest.TestCase):
    def setUp(self):
        self.db = TestDatabase()
        self.daemons = []

    def tearDown(self):
        for d in self.daemons:
            d.stop()
        self.db.drop()

    def start_daemon(self, sla=FAST_SLA):
        port = free_port()
        d = Daemon(config(port, self.db.conninfo, extra=sla), env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
        d.start().wait_healthy(f"http://127.0.0.1:{port}")
        d.base = f"http://127.0.0.1:{port}"
        self.daemons.append(d)
        return d

    def first_response_target(self, ticket_id):
        """Seconds from creation to the first-response due time, once the scheduler set it."""
        query = ("SELECT extract(epoch FROM s.first_response_due - t.created_at)::int FROM ticket_sla s "
                 f"JOIN tickets t ON t.id = s.ticket_id WHERE s.ticket_id = {ticket_id} AND s.computed_at IS NOT NULL")
        wait_until(lambda: self.db.query(query) != "", 20, "the scheduler to time the ticket")
        return int(self.db.query(query))

    def sla_json(self, d, ticket_id):
        r = http("GET", f"{d.base}/api/v1/support/tickets/{ticket_id}",
                 headers={"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual(r.status, 200, r.body)
        return r.json()["ticket"]["sla"]

    def test_sighup_swaps_the_policies_and_a_broken_section_keeps_them(self):
        d = self.start_daemon()
        self.assertEqual(self.first_response_target(create_tickets(self.db, 1, "TKT-A-")), 4)

        with open(d.config_path) as f:
            text = f.read()
        with open(d.config_path, "w") as f:
            f.write(text.replace("first_response: 4s", "first_response: 7m"))
        d.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "reload: 2 SLA policies loaded" in d.logs(), 20, "the SLA reload")
        self.assertEqual(self.first_response_target(create_tickets(self.db, 1, "TKT-B-")), 420)

        with open(d.config_path, "a") as f:
            f.write("  calendars:\n    office: { time_zone: Europe/Berln, hours: { mon: \"09:00-17:00\" } }\n")
        d.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "SLA policies rejected, the running ones stay" in d.logs(), 20, "the rejection")
        self.assertIn("sla.calendars.office.time_zone: unknown time zone 'Europe/Berln'", d.logs())
        self.assertEqual(self.first_response_target(create_tickets(self.db, 1, "TKT-C-")), 420,
                         "the running policies stay")

    def test_ticket_json_counts_business_minutes_remaining(self):
        d = self.start_daemon(FAST_SLA.replace("resolution: 1h", "resolution: 10m"))
        ticket = create_tickets(self.db, 1)
        self.first_response_target(ticket)
        sla = self.sla_json(d, ticket)
        self.assertEqual(sla["policy"], "fast")
        # Under a minute left; a slow machine may already be past the 4 s.
        self.assertEqual(sla["firstResponseMinutesRemaining"], -1 if sla["firstResponseBreached"] else 0, sla)
        self.assertIn(sla["resolutionMinutesRemaining"], (9, 10), sla)

        # Overdue: negative, counting a started minute.
        wait_until(lambda: self.sla_json(d, ticket)["firstResponseBreached"], 20, "the first-response breach")
        sla = self.sla_json(d, ticket)
        self.assertEqual(sla["firstResponseMinutesRemaining"], -1, sla)

        # A public reply meets first response: its minutes are gone, resolution's remain.
        r = http("POST", f"{d.base}/api/v1/support/tickets/{ticket}/messages", json.dumps({"message": "On it"}),
                 {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        sla = self.sla_json(d, ticket)
        self.assertNotIn("firstResponseMinutesRemaining", sla)
        self.assertIn(sla["resolutionMinutesRemaining"], (8, 9), sla)

    def test_restart_between_warning_and_breach_loses_and_repeats_nothing(self):
        first = self.start_daemon()
        create_tickets(self.db, 1)
        wait_until(lambda: sla_events(self.db, "sla.warning") == 1, 20, "the warning")
        self.assertEqual(first.stop(), 0, first.logs())
        self.assertEqual(sla_events(self.db, "sla.breached"), 0, "the breach is not due before 4 s")
        # Down past the due time: the next daemon raises the breach as soon as it starts.
        due = self.db.query("SELECT extract(epoch FROM first_response_due) FROM ticket_sla")
        wait_until(lambda: time.time() > float(due) + 0.5, 10, "the due time to pass")
        self.start_daemon()
        wait_until(lambda: sla_events(self.db, "sla.breached") == 1, 20, "the breach")
        self.assertEqual(sla_events(self.db, "sla.warning"), 1)
        self.assertEqual(self.db.query("SELECT data ->> 'policy' FROM audit_events WHERE event = 'sla.breached'"),
                         "fast")

    def test_two_daemons_raise_each_event_once(self):
        self.start_daemon()
        self.start_daemon()
        create_tickets(self.db, 200)
        wait_until(lambda: sla_events(self.db, "sla.breached") == 200, 30, "200 breaches")
        self.assertEqual(sla_events(self.db, "sla.warning"), 200)
        self.assertEqual(self.db.query(
            "SELECT count(*) FROM (SELECT ticket_id, event FROM audit_events WHERE event LIKE 'sla.%' "
            "GROUP BY 1, 2 HAVING count(*) > 1) d"), "0")
        # Each within a second of its due time.
        self.assertEqual(self.db.query(
            "SELECT count(*) FROM audit_events e JOIN ticket_sla s USING (ticket_id) "
            "WHERE e.event = 'sla.breached' AND e.created_at > s.first_response_due + interval '1 second'"), "0")


if __name__ == "__main__":
    unittest.main()
