# SPDX-License-Identifier: Apache-2.0
"""A running frontdeskd with a bootstrap admin token, and helpers to call its REST API."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))

from daemon_harness import RunningDaemon, http, wait_until  # noqa: E402

ADMIN_TOKEN = "fdx_bootstrap_admin_for_tests_0123456789"
BASE = "/api/v1/support"


class Api:
    def __init__(self, extra="", channels=None):
        self.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN}, extra=extra, channels=channels)
        self.db = self.d.db

    def stop(self):
        return self.d.stop()

    def raw(self, method, path, body=None, token=None, headers=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        url = self.d.base + (path if path.startswith("/api/v1/") or path == "/metrics" else BASE + path)
        return http(method, url, body, h)

    def call(self, method, path, body=None, token=ADMIN_TOKEN, expect=None):
        r = self.raw(method, path, body, token)
        if expect is not None and r.status != expect:
            raise AssertionError(f"{method} {path}: expected {expect}, got {r.status}: {r.body[:500]!r}")
        return r.json() if r.body else None

    def agent(self, name, role="agent"):
        email = name.lower().replace(" ", ".") + "@desk.example"
        a = self.call("POST", "/agents", {"name": name, "email": email, "role": role,
                                          "availability": "available"}, expect=201)["agent"]
        tok = self.call("POST", "/tokens", {"role": "agent", "agentId": a["id"]}, expect=201)["token"]
        return a, tok

    def customer(self, email):
        r = self.call("POST", "/tokens", {"role": "customer", "email": email}, expect=201)
        return r["customerId"], r["token"]

    def ticket(self, token, subject="Cannot pay", description="Card charged twice", **extra):
        body = {"subject": subject, "description": description}
        body.update(extra)
        return self.call("POST", "/tickets", body, token=token, expect=201)["ticket"]

    def snapshot(self):
        """Everything a write could change, to check that refused input changed nothing."""
        return self.db.query(
            "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
            " SELECT t::text AS x FROM tickets t UNION ALL SELECT m::text FROM messages m"
            " UNION ALL SELECT a::text FROM audit_events a UNION ALL SELECT g::text FROM agents g"
            " UNION ALL SELECT o::text FROM outbox o UNION ALL SELECT k::text FROM api_tokens k"
            " UNION ALL SELECT s::text FROM surveys s UNION ALL SELECT v::text FROM ticket_search v) q")

    def settle(self):
        """Waits until background work (rules on new tickets) has stopped changing rows."""
        last = [None]

        def stable():
            now = self.snapshot()
            same = now == last[0]
            last[0] = now
            return same
        wait_until(stable, 30, "the database to settle")
