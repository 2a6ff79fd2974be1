# SPDX-License-Identifier: Apache-2.0
"""The embedded default: with database.url empty, frontdeskd runs its own PostgreSQL."""
import json
import os
import tempfile
import unittest

from daemon_harness import Daemon, config, free_port, http


def postmaster_running(state_dir):
    pid_file = os.path.join(state_dir, "pg", "data", "postmaster.pid")
    if not os.path.exists(pid_file):
        return False
    with open(pid_file) as f:
        pid = int(f.readline())
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class EmbeddedClusterTest(unittest.TestCase):
    def test_starts_survives_restart_and_stops(self):
        state = tempfile.mkdtemp(prefix="fd-state-")
        os.chmod(state, 0o755)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        d = Daemon(config(port, "", state_dir=state))

        d.start().wait_healthy(base, timeout=120)
        self.assertTrue(postmaster_running(state))
        created = http("POST", base + "/api/v1/support/tickets",
                       json.dumps({"name": "Ann", "email": "ann@example.com", "subject": "Hi",
                                   "description": "Embedded"}),
                       {"Content-Type": "application/json"})
        self.assertEqual(created.status, 201, created.body)
        self.assertEqual(d.stop(), 0, d.logs())
        self.assertFalse(postmaster_running(state), "the cluster outlived the daemon")

        d.start().wait_healthy(base, timeout=120)
        ticket = created.json()
        got = http("GET", f"{base}/api/v1/support/tickets/{ticket['ticket']['ticketNumber']}",
                   headers={"Authorization": f"Bearer {ticket['accessToken']}"})
        self.assertEqual(got.status, 200, got.body)
        self.assertEqual(got.json()["ticket"]["messages"][0]["message"], "Embedded")
        self.assertEqual(d.stop(), 0, d.logs())
        self.assertFalse(postmaster_running(state))


if __name__ == "__main__":
    unittest.main()
