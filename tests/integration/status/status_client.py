# SPDX-License-Identifier: Apache-2.0
"""A running frontdeskd for the status-page suites, with helpers for its admin API (under
/api/v1/status) and its public routes (under /status)."""
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))

from api_client import ADMIN_TOKEN, Api  # noqa: E402
from daemon_harness import RunningDaemon, http, wait_until  # noqa: E402,F401

ATOM = "{http://www.w3.org/2005/Atom}"


class Status(Api):
    def __init__(self, extra="", channels=None, state_dir=None):
        self.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN}, extra=extra, channels=channels,
                               state_dir=state_dir)
        self.db = self.d.db

    def admin(self, method, path, body=None, token=ADMIN_TOKEN, expect=None):
        """A call to /api/v1/status<path>; `expect` checks the status."""
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        r = http(method, self.d.base + "/api/v1/status" + path,
                 None if body is None else json.dumps(body), h)
        if expect is not None and r.status != expect:
            raise AssertionError(f"{method} {path}: expected {expect}, got {r.status}: {r.body[:500]!r}")
        return r

    def ok(self, method, path, body=None, expect=200):
        return self.admin(method, path, body, expect=expect).json()

    def public(self, method, path, body=None, headers=None):
        if body is not None and not isinstance(body, (str, bytes)):
            body = json.dumps(body)
            headers = dict({"Content-Type": "application/json"}, **(headers or {}))
        return http(method, self.d.base + path, body, headers or {})

    def summary(self):
        r = self.public("GET", "/status/summary.json")
        assert r.status == 200, r.body
        return r.json()

    def page(self):
        r = self.public("GET", "/status/page.json")
        assert r.status == 200, r.body
        return r.json()

    def feed(self):
        r = self.public("GET", "/status/feed.atom")
        assert r.status == 200, r.body
        assert r.headers["Content-Type"].startswith("application/atom+xml"), r.headers
        return ET.fromstring(r.body)

    def component(self, name):
        for c in self.ok("GET", "/components")["components"]:
            if c["name"] == name:
                return c
        return None

    def snapshot(self):
        """The status tables, the audit trail and the outbox, to check that refused input changed nothing."""
        tables = ["status_components", "status_component_groups", "status_incidents", "status_incident_updates",
                  "status_incident_components", "status_maintenances", "status_maintenance_components",
                  "status_incident_templates", "status_subscribers", "status_subscriber_components",
                  "audit_events", "outbox"]
        union = " UNION ALL ".join(f"SELECT '{t}' || x::text AS x FROM {t} x" for t in tables)
        # A notification's row, not when the background fan-out happened to take it.
        union += " UNION ALL SELECT concat_ws(',', id, incident_id, event, message) FROM status_notifications"
        return self.db.query(f"SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ({union}) q")
