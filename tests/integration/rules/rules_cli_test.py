# SPDX-License-Identifier: Apache-2.0
"""Rules through the real binaries: frontdesk rules check/test/reload, frontdeskd --check,
and a running daemon applying rules to a ticket posted over HTTP, reloaded live."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")
SHIPPED = os.environ.get("FRONTDESK_RULES_DIR", "")


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


class RulesCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fd-rules-cli-")
        self.rules = os.path.join(self.dir, "rules")
        shutil.copytree(SHIPPED, self.rules)
        self.config = os.path.join(self.dir, "frontdesk.yaml")
        with open(self.config, "w") as f:
            f.write(config(free_port(), "host=/nonexistent") + f"rules: {{ dir: {self.rules} }}\n")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.rules, name), "w") as f:
            f.write(text)

    def test_check_accepts_the_shipped_rules(self):
        r = run("rules", "check", "--config", self.config)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"rules: \d+ rules \(1 Lua, 2 scheduled\), templates: .*ack.* OK")
        j = run("rules", "check", "--config", self.config, "--json")
        self.assertTrue(json.loads(j.stdout)["ok"])

    def test_check_reports_file_line_col_and_daemon_check_agrees(self):
        self.write("99-bad.yaml", "- name: bad\n  on: ticket.created\n  if: {field: ticket.colour, eq: red}\n"
                                  "  then: [{set_priority: critical}]\n")
        r = run("rules", "check", "--config", self.config)
        self.assertEqual(r.returncode, 1)
        path = os.path.join(self.rules, "99-bad.yaml")
        self.assertIn(f"{path}:3:15: unknown field 'ticket.colour' (valid: ticket.id,", r.stderr)
        d = subprocess.run([os.environ.get("FRONTDESKD", "frontdeskd"), "--config", self.config, "--check"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(d.returncode, 1)
        self.assertIn(f"{path}:3:15: unknown field", d.stderr)

    def test_dry_run_prints_match_and_skip_lines(self):
        event = os.path.join(self.dir, "event.json")
        with open(event, "w") as f:
            json.dump({"event": "ticket.created", "now": "2026-11-21T10:00:00Z",
                       "ticket": {"category": "payment", "priority": "low", "status": "open"},
                       "message": {"text": "I was charged twice", "author": "customer"},
                       "customer": {"name": "Ana", "language": "es", "tier": "standard"}}, f)
        r = run("rules", "test", "--config", self.config, "--event", event)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        # The web form's confirmation is a rule of the channel's, first whatever the folder holds.
        self.assertEqual(lines[0], "SKIP webform: confirmation: ticket.channel eq webform (ticket.channel is not set)")
        self.assertEqual(lines[1], "SKIP categorise payment questions: ticket.category eq general "
                                   "(ticket.category is 'payment')")
        self.assertEqual(lines[2], "SKIP tie a new ticket to the open incident it is about: incident.id exists "
                                   "(incident.id is not set)")
        self.assertEqual(lines[3], "MATCH urgent payment problems go to billing => set_priority: urgent; "
                                   "add_tag: refund; assign {strategy: least_loaded, team: billing}; "
                                   "reply {template: ack_payment}")
        self.assertEqual(lines[4], "SKIP merge repeated tickets: an earlier rule stopped the chain")
        as_json = json.loads(run("rules", "test", "--config", self.config, "--event", event, "--json").stdout)
        self.assertEqual(as_json["rules"][3]["matched"], True)

        with open(event, "w") as f:
            json.dump({"event": "ticket.created", "ticket": {"colour": "red"}}, f)
        bad = run("rules", "test", "--config", self.config, "--event", event)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("unknown field 'ticket.colour' (valid ticket keys: id, number,", bad.stderr)


class RulesDaemonTest(unittest.TestCase):
    def setUp(self):
        self.db = TestDatabase()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = tempfile.mkdtemp(prefix="fd-rules-d-")
        self.rules = os.path.join(self.dir, "rules")
        os.makedirs(self.rules)
        self.write("a.yaml", "- {name: first, on: ticket.created, then: [{add_tag: v1}]}\n")
        self.config = os.path.join(self.dir, "frontdesk.yaml")
        with open(self.config, "w") as f:
            f.write(config(self.port, self.db.conninfo) + f"rules: {{ dir: {self.rules} }}\n")
        with open(self.config) as f:
            self.daemon = Daemon(f.read())
        self.daemon.start().wait_healthy(self.base)

    def tearDown(self):
        self.assertEqual(self.daemon.stop(), 0)
        self.db.drop()
        shutil.rmtree(self.dir)

    def write(self, name, text):
        with open(os.path.join(self.rules, name), "w") as f:
            f.write(text)

    def post_ticket(self, email):
        r = http("POST", self.base + "/api/v1/support/tickets",
                 json.dumps({"name": "N", "email": email, "subject": "s", "description": "d",
                             "category": "general"}), {"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        return r.json()["ticket"]["ticketNumber"]

    def tags(self, number):
        return self.db.query(f"SELECT array_to_string(tags, ',') FROM tickets WHERE number = '{number}'")

    def test_rules_run_and_reload_live(self):
        t1 = self.post_ticket("one@example.com")
        wait_until(lambda: self.tags(t1) == "v1", 30, "the rule to tag the first ticket")
        self.assertEqual(self.db.query("SELECT rule FROM audit_events WHERE actor_kind = 'rule' "
                                       "AND rule <> 'webform: confirmation' LIMIT 1"), "first")

        # A broken set on SIGHUP is rejected; the old one keeps running.
        self.write("a.yaml", "- {name: first, on: ticket.nope, then: [stop]}\n")
        self.daemon.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "rules rejected, the running set stays" in self.daemon.logs(), 30, "the rejection")
        t2 = self.post_ticket("two@example.com")
        wait_until(lambda: self.tags(t2) == "v1", 30, "the old rules to keep working")

        # `frontdesk rules reload` reaches the daemon through the database.
        self.write("a.yaml", "- {name: second, on: ticket.created, then: [{add_tag: v2}]}\n")
        r = run("rules", "reload", "--config", self.config)
        self.assertEqual(r.returncode, 0, r.stderr)
        # The folder's one rule and the web form's confirmation.
        wait_until(lambda: "reload: 2 rules loaded" in self.daemon.logs(), 30, "the reload")
        t3 = self.post_ticket("three@example.com")
        wait_until(lambda: self.tags(t3) == "v2", 30, "the new rules")


if __name__ == "__main__":
    unittest.main()
