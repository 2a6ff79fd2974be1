# SPDX-License-Identifier: Apache-2.0
"""The frontdesk CLI's database verb against a real PostgreSQL."""
import json
import os
import subprocess
import tempfile
import unittest

from daemon_harness import TestDatabase, config, free_port

CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")


def run(*args, env=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=120)


class DbMigrateTest(unittest.TestCase):
    def setUp(self):
        self.db = TestDatabase()
        self.dir = tempfile.mkdtemp(prefix="fd-cli-")
        self.config = os.path.join(self.dir, "frontdesk.yaml")
        with open(self.config, "w") as f:
            f.write(config(free_port(), self.db.conninfo))

    def tearDown(self):
        self.db.drop()

    def test_migrate_applies_then_reports_up_to_date(self):
        first = run("db", "migrate", "--config", self.config, "--json")
        self.assertEqual(first.returncode, 0, first.stderr)
        applied = json.loads(first.stdout)
        self.assertEqual(applied["applied"][:2], [23, 24])  # the baseline, then what came after it
        self.assertEqual(applied["version"], applied["applied"][-1])
        self.assertFalse(applied["baselineRecorded"])
        self.assertIn("fd_ingest_batch", applied["definitions"])
        self.assertEqual(self.db.query("SELECT count(*) FROM schema_migrations"), str(len(applied["applied"])))
        self.assertEqual(self.db.query("SELECT count(*) FROM schema_definitions"), str(len(applied["definitions"])))

        again = run("db", "migrate", "--config", self.config)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("schema is up to date", again.stdout)

    def test_config_comes_from_the_environment(self):
        env = dict(os.environ, FRONTDESK_CONFIG=self.config)
        r = run("db", "migrate", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_help_and_errors(self):
        self.assertEqual(run("--help").returncode, 0)
        help_text = run("db", "migrate", "--help")
        self.assertEqual(help_text.returncode, 0)
        self.assertIn("--config", help_text.stdout)
        unknown = run("frobnicate")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("unknown command", unknown.stderr)
        bad = run("db", "migrate", "--config", "/nonexistent.yaml")
        self.assertEqual(bad.returncode, 1)
        self.assertIn("nonexistent.yaml", bad.stderr)


if __name__ == "__main__":
    unittest.main()
