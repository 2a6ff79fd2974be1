# SPDX-License-Identifier: Apache-2.0
"""While the database is unreachable the daemon answers as a service that is briefly
unavailable, not as a broken one: API requests 503 `unavailable` with Retry-After, /readyz 503,
/healthz 200, /metrics keeps answering (frontdesk_database_up 0); the refusals are logged once
per interval, not once each; and it recovers by itself, without a restart, when the database
comes back. The outage is a TCP proxy in front of the tests' PostgreSQL that the test cuts."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))

from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402
from pg_proxy import PgProxy  # noqa: E402

ADMIN = "fdx_outage_admin_token_0123456789abcdef"


class DatabaseOutage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = TestDatabase()
        cls.proxy = PgProxy(cls.db.conninfo)
        cls.port = free_port()
        cls.base = f"http://127.0.0.1:{cls.port}"
        cls.daemon = Daemon(config(cls.port, cls.proxy.conninfo), env={"FRONTDESK_ADMIN_TOKEN": ADMIN})
        cls.daemon.start().wait_healthy(cls.base)

    @classmethod
    def tearDownClass(cls):
        if cls.proxy.listener is None:
            cls.proxy.restore()
        assert cls.daemon.stop() == 0
        cls.proxy.cut()
        cls.db.drop()

    def get(self, path, token=ADMIN):
        return http("GET", self.base + path, headers={"Authorization": f"Bearer {token}"} if token else {})

    def test_unavailable_then_recovered(self):
        # Positive control: everything answers while the database is there.
        self.assertEqual(self.get("/api/v1/support/tickets").status, 200)
        self.assertEqual(self.get("/readyz").status, 200)
        metrics = self.get("/metrics").body.decode()
        self.assertIn("frontdesk_database_up 1", metrics)
        self.assertIn("frontdesk_outbox_depth", metrics)

        self.proxy.cut()
        # The first request may find its connection broken mid-way; all get 503 soon after.
        first = wait_until(lambda: (lambda r: r if r.status == 503 else None)(self.get("/api/v1/support/tickets")),
                           timeout=15, what="the API to answer 503")
        self.assertEqual(first.json()["error"]["code"], "unavailable")
        self.assertEqual(first.headers.get("Retry-After"), "5")
        for path in ("/api/v1/support/tickets", "/api/v1/support/kb/articles?q=password", "/api/v1/support/stats"):
            r = self.get(path)
            self.assertEqual(r.status, 503, f"{path}: {r.body[:200]!r}")
        self.assertEqual(self.get("/readyz", token=None).status, 503)
        self.assertEqual(self.get("/healthz", token=None).status, 200)
        r = self.get("/metrics", token=None)
        self.assertEqual(r.status, 200)
        text = r.body.decode()
        self.assertIn("frontdesk_database_up 0", text)
        self.assertIn("frontdesk_http_requests_total", text)  # the process's own figures
        self.assertNotIn("frontdesk_outbox_depth", text)
        # A flood of refusals is a line or two in the log, not one per request.
        before = self.daemon.logs().count("answering 503")
        for _ in range(40):
            self.assertEqual(self.get("/api/v1/support/tickets").status, 503)
        self.assertLessEqual(self.daemon.logs().count("answering 503") - before, 2)

        self.proxy.restore()
        wait_until(lambda: self.get("/api/v1/support/tickets").status == 200, timeout=30,
                   what="the API to recover without a restart")
        self.assertEqual(self.get("/readyz", token=None).status, 200)
        self.assertIn("frontdesk_database_up 1", self.get("/metrics", token=None).body.decode())
        self.assertIsNone(self.daemon.proc.poll())  # the same process throughout


if __name__ == "__main__":
    unittest.main()
