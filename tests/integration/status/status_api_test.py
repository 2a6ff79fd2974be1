# SPDX-License-Identifier: Apache-2.0
"""The status page's admin API over real HTTP: components and groups, incidents with updates
and their legal moves (illegal ones 409), maintenance, templates, who may call, audit events,
refusals that change nothing; and what the public reads: summary.json in Statuspage's shape,
a valid Atom 1.0 feed and the page's view model."""
import unittest

from status_client import ATOM, Status


class StatusApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Status(extra="status: { name: Acme status }\npublic_url: https://status.acme.example/\n")
        _, cls.agent_token = cls.api.agent("Sam Agent")
        _, cls.customer_token = cls.api.customer("cu@example.com")
        cls.api.ok("POST", "/groups", {"name": "Core", "position": 1}, expect=201)
        cls.web = cls.api.ok("POST", "/components", {"name": "Website", "group": "Core"}, expect=201)["component"]
        cls.api_c = cls.api.ok("POST", "/components", {"name": "API", "groupId": cls.web["groupId"],
                                                       "description": "REST API"}, expect=201)["component"]
        cls.mail = cls.api.ok("POST", "/components", {"name": "Mail"}, expect=201)["component"]

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def events(self, name):
        return int(self.api.db.query(f"SELECT count(*) FROM audit_events WHERE event = '{name}'"))

    def refused(self, method, path, body, status, code=None, token=None):
        before = self.api.snapshot()
        kwargs = {"token": token} if token else {}
        r = self.api.admin(method, path, body, expect=status, **kwargs)
        if code:
            self.assertEqual(r.json()["error"]["code"], code, r.body)
        self.assertEqual(self.api.snapshot(), before, f"{method} {path} {body} changed something")
        return r.json()

    def test_components_and_groups(self):
        self.assertEqual(self.web["status"], "operational")
        self.assertEqual(self.web["group"], "Core")
        groups = self.api.ok("GET", "/groups")["groups"]
        core = [g for g in groups if g["name"] == "Core"][0]
        self.assertEqual(sorted(core["components"]), sorted([self.web["id"], self.api_c["id"]]))
        before = self.events("component.status_changed")
        c = self.api.ok("PUT", f"/components/{self.mail['id']}", {"status": "degraded_performance"})["component"]
        self.assertEqual(c["status"], "degraded_performance")
        self.assertEqual(self.events("component.status_changed"), before + 1)
        actor = self.api.db.query("SELECT actor_kind || ':' || new_value::text FROM audit_events "
                                  "WHERE event = 'component.status_changed' ORDER BY id DESC LIMIT 1")
        self.assertEqual(actor, 'admin:"degraded_performance"')
        self.api.ok("PUT", f"/components/{self.mail['id']}", {"status": "operational"})

    def test_bad_component_input_is_refused_and_changes_nothing(self):
        self.refused("POST", "/components", {"name": "Website"}, 409, "conflict")
        self.refused("POST", "/components", {"name": "X", "status": "on_fire"}, 422, "validation_failed")
        self.refused("POST", "/components", {"name": "X", "colour": "red"}, 422, "validation_failed")
        self.refused("POST", "/components", {"name": "X", "groupId": 999999}, 422, "validation_failed")
        self.refused("PUT", "/components/999999", {"status": "major_outage"}, 404, "not_found")
        self.refused("POST", "/components", "{not json", 400)

    def test_roles(self):
        self.refused("POST", "/components", {"name": "Agents may not"}, 403, token=self.agent_token)
        self.refused("GET", "/components", None, 403, token=self.customer_token)
        r = self.api.admin("GET", "/components", token=None)
        self.assertEqual(r.status, 401)
        # Agents run incidents.
        i = self.api.admin("POST", "/incidents", {"title": "Agent incident", "message": "Looking.",
                                                  "impact": "none"}, token=self.agent_token, expect=201).json()
        self.api.admin("POST", f"/incidents/{i['incident']['id']}/updates",
                       {"status": "resolved", "message": "Fine."}, token=self.agent_token, expect=201)

    def test_incident_lifecycle_and_transitions(self):
        opened = self.events("incident.opened")
        i = self.api.ok("POST", "/incidents", {"title": "Checkout errors", "impact": "major",
                                               "components": ["Website", self.api_c["id"]],
                                               "message": "We are looking into failed payments."},
                        expect=201)["incident"]
        self.assertEqual(i["status"], "investigating")
        self.assertFalse(i["draft"])
        self.assertEqual([c["name"] for c in i["components"]], ["Website", "API"])
        self.assertEqual(self.events("incident.opened"), opened + 1)
        notified = int(self.api.db.query(f"SELECT count(*) FROM status_notifications WHERE incident_id = {i['id']}"))
        self.assertEqual(notified, 1)
        for status in ("identified", "monitoring", "investigating", "monitoring"):
            i = self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": status, "message": f"Now {status}."},
                            expect=201)["incident"]
            self.assertEqual(i["status"], status)
        i = self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "Fixed."},
                        expect=201)["incident"]
        self.assertEqual(i["status"], "resolved")
        self.assertIsNotNone(i["resolvedAt"])
        self.assertEqual(len(i["updates"]), 6)
        self.assertEqual(i["updates"][0]["message"], "Fixed.")
        # Resolved is final.
        for status in ("investigating", "resolved"):
            self.refused("POST", f"/incidents/{i['id']}/updates", {"status": status, "message": "Again?"},
                         409, "illegal_transition")
        self.refused("POST", f"/incidents/{i['id']}/updates", {"status": "fixed", "message": "x"}, 422)
        self.refused("POST", f"/incidents/{i['id']}/updates", {"status": "identified"}, 422)
        self.refused("POST", "/incidents/999999/updates", {"status": "identified", "message": "x"}, 404)
        self.assertEqual(self.events("incident.resolved") >= 1, True)

    def test_bad_incidents_are_refused(self):
        self.refused("POST", "/incidents", {"title": "X", "message": "m", "components": ["Nope"]}, 422,
                     "validation_failed")
        self.refused("POST", "/incidents", {"title": "X", "message": "m", "impact": "huge"}, 422)
        self.refused("POST", "/incidents", {"title": "X", "message": "m", "status": "resolved"}, 422)
        self.refused("POST", "/incidents", {"title": "", "message": "m"}, 422)
        self.refused("POST", "/incidents", {"title": "X", "message": "m", "template": "missing"}, 422)

    def test_drafts_are_hidden_until_published(self):
        d = self.api.ok("POST", "/incidents", {"title": "Maybe DNS", "message": "Checking.", "draft": True,
                                               "components": ["Mail"]}, expect=201)["incident"]
        self.assertTrue(d["draft"])
        self.assertNotIn(str(d["id"]), [x["id"] for x in self.api.summary()["incidents"]])
        self.assertNotIn(f"/incidents/{d['id']}", self.feed_ids())
        self.assertEqual(self.api.db.query(f"SELECT count(*) FROM status_notifications WHERE incident_id = {d['id']}"),
                         "0")
        p = self.api.ok("PUT", f"/incidents/{d['id']}", {"draft": False})["incident"]
        self.assertFalse(p["draft"])
        self.assertIn(str(d["id"]), [x["id"] for x in self.api.summary()["incidents"]])
        self.assertEqual(self.api.db.query(f"SELECT count(*) FROM status_notifications WHERE incident_id = {d['id']}"),
                         "1")
        self.refused("PUT", f"/incidents/{d['id']}", {"draft": True}, 409, "conflict")
        self.api.ok("POST", f"/incidents/{d['id']}/updates", {"status": "resolved", "message": "Done."}, expect=201)

    def test_templates(self):
        t = self.api.ok("POST", "/templates", {"name": "db-slow", "title": "Slow database",
                                               "message": "Queries are slow; we are on it.", "impact": "minor"},
                        expect=201)["template"]
        self.assertEqual(t["status"], "investigating")
        self.refused("POST", "/templates", {"name": "db-slow", "title": "T", "message": "M"}, 409)
        i = self.api.ok("POST", "/incidents", {"template": "db-slow", "components": ["API"]}, expect=201)["incident"]
        self.assertEqual(i["title"], "Slow database")
        self.assertEqual(i["impact"], "minor")
        self.assertEqual(i["updates"][0]["message"], "Queries are slow; we are on it.")
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "OK."}, expect=201)
        self.assertIn("db-slow", [x["name"] for x in self.api.ok("GET", "/templates")["templates"]])

    def test_maintenance_moves(self):
        m = self.api.ok("POST", "/maintenances", {"title": "DB upgrade", "message": "Short downtime.",
                                                  "startsAt": "2030-01-01T02:00:00Z", "endsAt": "2030-01-01T03:00:00Z",
                                                  "components": ["API"]}, expect=201)["maintenance"]
        self.assertEqual(m["status"], "scheduled")
        self.assertIn("m%d" % m["id"], [x["id"] for x in self.api.summary()["scheduled_maintenances"]])
        self.api.ok("PUT", f"/maintenances/{m['id']}", {"status": "in_progress"})
        self.assertEqual(self.api.component("API")["status"], "under_maintenance")
        self.refused("PUT", f"/maintenances/{m['id']}", {"status": "scheduled"}, 409, "illegal_transition")
        self.api.ok("PUT", f"/maintenances/{m['id']}", {"status": "completed"})
        self.assertEqual(self.api.component("API")["status"], "operational")
        self.refused("PUT", f"/maintenances/{m['id']}", {"status": "in_progress"}, 409, "illegal_transition")
        self.refused("PUT", f"/maintenances/{m['id']}", {"status": "cancelled"}, 409, "illegal_transition")
        self.refused("POST", "/maintenances", {"title": "Bad", "startsAt": "2030-01-01T03:00:00Z",
                                               "endsAt": "2030-01-01T02:00:00Z"}, 422)
        self.refused("POST", "/maintenances", {"title": "Bad", "startsAt": "2030-02-30T03:00:00Z",
                                               "endsAt": "2030-03-01T02:00:00Z"}, 422)
        self.refused("POST", "/maintenances", {"title": "Bad", "startsAt": "tomorrow",
                                               "endsAt": "2030-03-01T02:00:00Z"}, 422)
        self.refused("PUT", "/maintenances/999999", {"status": "completed"}, 404)

    def test_summary_json_has_statuspage_shape(self):
        i = self.api.ok("POST", "/incidents", {"title": "Slow mail", "impact": "minor", "components": ["Mail"],
                                               "message": "Delays of a few minutes."}, expect=201)["incident"]
        s = self.api.summary()
        self.assertEqual(set(s), {"page", "components", "incidents", "scheduled_maintenances", "status"})
        self.assertEqual(set(s["page"]), {"id", "name", "url", "time_zone", "updated_at"})
        self.assertEqual(s["page"]["name"], "Acme status")
        self.assertEqual(s["page"]["url"], "https://status.acme.example/status")
        for c in s["components"]:
            for key in ("id", "name", "status", "created_at", "updated_at", "position", "description",
                        "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"):
                self.assertIn(key, c)
            self.assertIsInstance(c["id"], str)
        groups = [c for c in s["components"] if c["group"]]
        core = [g for g in groups if g["name"] == "Core"][0]
        self.assertEqual(sorted(core["components"]), sorted([str(self.web["id"]), str(self.api_c["id"])]))
        self.assertEqual([c["group_id"] for c in s["components"] if c["name"] == "Website"], [core["id"]])
        inc = [x for x in s["incidents"] if x["id"] == str(i["id"])][0]
        for key in ("id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
                    "shortlink", "started_at", "page_id", "incident_updates", "components"):
            self.assertIn(key, inc)
        self.assertEqual(inc["incident_updates"][0]["body"], "Delays of a few minutes.")
        self.assertEqual(inc["components"][0]["name"], "Mail")
        self.assertIn(s["status"]["indicator"], ("none", "minor", "major", "critical", "maintenance"))
        self.assertEqual(s["status"]["indicator"], "minor")
        self.assertEqual(s["status"]["description"], "Minor Service Outage")
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "Gone."}, expect=201)

    def feed_ids(self):
        return [e.find(ATOM + "id").text for e in self.api.feed().findall(ATOM + "entry")]

    def test_atom_feed_is_valid(self):
        i = self.api.ok("POST", "/incidents", {"title": "Login <fails> & \"more\"", "components": ["Website"],
                                               "message": "Control \x01 chars & <tags> stay safe."},
                        expect=201)["incident"]
        feed = self.api.feed()
        self.assertEqual(feed.tag, ATOM + "feed")
        for required in ("id", "title", "updated"):
            self.assertIsNotNone(feed.find(ATOM + required), required)
        self.assertIsNotNone(feed.find(ATOM + "author/" + ATOM + "name"))
        self.assertEqual(feed.find(ATOM + "link[@rel='self']").get("href"),
                         "https://status.acme.example/status/feed.atom")
        entries = feed.findall(ATOM + "entry")
        self.assertGreaterEqual(len(entries), 1)
        for e in entries:
            for required in ("id", "title", "updated"):
                self.assertIsNotNone(e.find(ATOM + required), required)
            self.assertRegex(e.find(ATOM + "updated").text, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
        mine = [e for e in entries if e.find(ATOM + "id").text.endswith(f"/incidents/{i['id']}")][0]
        self.assertIn("Login <fails> & \"more\"", mine.find(ATOM + "title").text)
        self.assertIn("Control  chars & <tags> stay safe.", mine.find(ATOM + "content").text)
        # Entries are unique and the feed's updated is the newest entry's.
        ids = [e.find(ATOM + "id").text for e in entries]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(feed.find(ATOM + "updated").text, max(e.find(ATOM + "updated").text for e in entries))
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "ok"}, expect=201)

    def test_page_view_model(self):
        p = self.api.page()
        self.assertEqual(set(p), {"page", "status", "sections", "openIncidents", "maintenances", "history"})
        self.assertEqual(p["page"]["feedUrl"], "https://status.acme.example/status/feed.atom")
        core = [s for s in p["sections"] if s["group"] == "Core"][0]
        self.assertEqual([c["name"] for c in core["components"]], ["Website", "API"])
        self.assertEqual(len(core["components"][0]["uptime"]["days"]), 90)
        self.assertEqual(len(p["history"]), 14)


if __name__ == "__main__":
    unittest.main()
