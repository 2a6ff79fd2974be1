"""The SLA engine inside the real frontdeskd: --check reports policy errors with their line,
and warnings and breaches are raised once each across a restart and with two daemons on one
database. A 4-second first-response target keeps the waits short."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))

from daemon_harness import Daemon, TestDatabase, config, free_port, wait_until  # noqa: E402

FAST_SLA = """sla:
  policies:
    fast:
      warning: 50%
      targets: { urgent: { first_response: 4s, resolution: 1h } }
"""


def create_tickets(db, count):
    db.query("INSERT INTO customers (name) VALUES ('sla test')")
    db.query("INSERT INTO tickets (number, customer_id, channel, subject, description, priority) "
             f"SELECT 'TKT-SLA-' || i, (SELECT min(id) FROM customers), 'webform', 's', 'd', 'urgent' "
             f"FROM generate_series(1, {count}) AS i")


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

    def start_daemon(self):
        port = free_port()
        d = Daemon(config(port, self.db.conninfo, extra=FAST_SLA))
        d.start().wait_healthy(f"http://127.0.0.1:{port}")
        self.daemons.append(d)
        return d

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
