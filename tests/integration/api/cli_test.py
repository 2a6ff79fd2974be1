# SPDX-License-Identifier: Apache-2.0
"""The frontdesk CLI's API verbs against the database of a running daemon."""
import json
import os
import subprocess
import unittest

from api_client import Api

CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def run_cli(self, *args, ok=True):
        r = subprocess.run([CLI, *args, "--config", self.api.d.daemon.config_path],
                           capture_output=True, text=True, timeout=60)
        if ok:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def test_agent_token_ticket_and_stats_verbs(self):
        added = json.loads(self.run_cli("agent", "add", "--name", "Cli Agent", "--email",
                                        "cli@desk.example", "--json").stdout)["agent"]
        table = self.run_cli("agent", "list").stdout
        self.assertIn("Cli Agent", table)
        self.assertTrue(table.startswith("ID"))
        self.run_cli("agent", "set", str(added["id"]), "--availability", "available")
        self.assertEqual(self.api.db.query(f"SELECT availability FROM agents WHERE id = {added['id']}"),
                         "available")
        self.assertEqual(self.api.db.query(
            "SELECT count(*) FROM audit_events WHERE event = 'agent.availability_changed'"), "1")
        token = self.run_cli("token", "create", "--role", "agent", "--agent", str(added["id"])).stdout.strip()
        self.assertTrue(token.startswith("fda_"))
        self.assertEqual(self.api.raw("GET", "/dashboard", None, token).status, 200)
        ctoken = self.run_cli("token", "create", "--role", "customer", "--email", "c@example.com").stdout.strip()
        t = self.api.ticket(ctoken, subject="From the CLI test")
        listing = self.run_cli("ticket", "list", "--q", "CLI").stdout
        self.assertIn(t["ticketNumber"], listing)
        shown = self.run_cli("ticket", "show", t["ticketNumber"]).stdout
        self.assertIn("subject: From the CLI test", shown)
        as_json = json.loads(self.run_cli("ticket", "show", str(t["id"]), "--json").stdout)
        self.assertEqual(as_json["ticket"]["id"], t["id"])
        stats = json.loads(self.run_cli("stats", "--json").stdout)
        self.assertEqual(stats["total"], 1)
        self.assertIn("tickets: 1", self.run_cli("stats").stdout)

    def test_errors_and_help(self):
        r = self.run_cli("token", "create", "--role", "wizard", ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("invalid role 'wizard'", r.stderr)
        r = self.run_cli("ticket", "show", "999999", ok=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no such ticket", r.stderr)
        for verb in (["agent", "add"], ["agent", "list"], ["agent", "set"], ["token", "create"],
                     ["ticket", "list"], ["ticket", "show"], ["stats"]):
            with self.subTest(verb=verb):
                r = subprocess.run([CLI, *verb, "--help"], capture_output=True, text=True, timeout=30)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("Usage: frontdesk " + " ".join(verb), r.stdout)


if __name__ == "__main__":
    unittest.main()
