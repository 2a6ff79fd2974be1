# SPDX-License-Identifier: Apache-2.0
"""A cron-form scheduled rule through two real frontdeskd processes sharing one database: it
runs at the minute, once, and the stored next run moves to the following minute. (The
every: form and the exact once-only race are covered step by step on a test clock in
schedule_test.cpp.)"""
import os
import shutil
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

RULE = """- name: minute sweep
  on: { schedule: { cron: "* * * * *" } }
  if: { field: ticket.status, eq: open }
  then: [ { note: "swept {{ticket.number}}" } ]
"""


class CronScheduleTwoDaemonsTest(unittest.TestCase):
    def setUp(self):
        self.db = TestDatabase()
        self.dir = tempfile.mkdtemp(prefix="fd-cron-")
        rules = os.path.join(self.dir, "rules")
        os.makedirs(rules)
        with open(os.path.join(rules, "sweep.yaml"), "w") as f:
            f.write(RULE)
        self.daemons = []
        for _ in range(2):
            port = free_port()
            d = Daemon(config(port, self.db.conninfo) + f"rules: {{ dir: {rules} }}\n")
            d.base = f"http://127.0.0.1:{port}"
            d.start().wait_healthy(d.base)
            self.daemons.append(d)

    def tearDown(self):
        codes = [d.stop() for d in self.daemons]
        self.db.drop()
        shutil.rmtree(self.dir)
        self.assertEqual(codes, [0, 0])

    def notes(self):
        return int(self.db.query("SELECT count(*) FROM messages WHERE author_kind = 'system' "
                                 "AND body LIKE 'swept %'") or 0)

    def test_runs_at_the_minute_once_across_both_daemons(self):
        r = http("POST", self.daemons[0].base + "/api/v1/support/tickets",
                 '{"name": "N", "email": "cron@example.com", "subject": "s", "description": "d", '
                 '"category": "general"}', {"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        number = r.json()["ticket"]["ticketNumber"]
        wait_until(lambda: self.db.query("SELECT schedule FROM rule_schedules") == "cron * * * * *", 30,
                   "the schedule to be registered")
        first = self.db.query("SELECT extract(epoch FROM next_run_at)::bigint FROM rule_schedules")
        self.assertEqual(int(first) % 60, 0, "a cron run falls on the minute")

        wait_until(lambda: self.notes() >= 1, 75, "the scheduled run")
        # Both daemons poll the schedule every second; the stored next run already moved on,
        # so the run that happened is the only one for that minute.
        last, nxt = self.db.query("SELECT extract(epoch FROM last_run_at)::bigint, "
                                  "extract(epoch FROM next_run_at)::bigint FROM rule_schedules").split("|")
        self.assertEqual(int(nxt), (int(last) // 60 + 1) * 60)
        self.assertEqual(self.notes(), 1)
        self.assertEqual(self.db.query("SELECT body FROM messages WHERE body LIKE 'swept %'"), f"swept {number}")
        self.assertEqual(self.db.query("SELECT count(*) FROM audit_events WHERE rule = 'minute sweep'"), "1")
        # The run names the daemon that made it (host:pid, as in the outbox's claimed_by).
        ran_by = self.db.query("SELECT last_run_by FROM rule_schedules")
        self.assertIn(ran_by, [f"{socket.gethostname()}:{d.proc.pid}" for d in self.daemons])


if __name__ == "__main__":
    unittest.main()
