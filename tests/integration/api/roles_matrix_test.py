# SPDX-License-Identifier: Apache-2.0
"""Every endpoint x role (anonymous, customer, other customer, agent, admin) over real HTTP,
signed in by bearer token and by session cookie (the console's and the portal's, with and
without the CSRF token), and bad input on every write endpoint answering 400/413/422 while
changing nothing."""
import json
import re
import unittest

from api_client import ADMIN_TOKEN, Api
from daemon_harness import http

ROLES = ["anonymous", "customer", "other_customer", "agent", "admin"]


class RolesMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()
        cls.agent, cls.agent_token = cls.api.agent("Sarah Support")
        cls.customer_id, cls.customer_token = cls.api.customer("ann@example.com")
        cls.other_id, cls.other_token = cls.api.customer("bob@example.com")
        cls.tokens = {"anonymous": None, "customer": cls.customer_token,
                      "other_customer": cls.other_token, "agent": cls.agent_token,
                      "admin": ADMIN_TOKEN}

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def fresh(self, resolved=False):
        t = self.api.ticket(self.customer_token)
        if resolved:
            self.api.call("PUT", f"/tickets/{t['id']}/assign", {"agentId": self.agent["id"]}, expect=200)
            self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "resolved"}, expect=200)
        return t

    def cases(self):
        """(name, method, path factory, body factory, expected status per role)."""
        a = self.agent["id"]
        return [
            ("list", "GET", lambda: "/tickets", None, [401, 200, 200, 200, 200]),
            ("get", "GET", lambda: f"/tickets/{self.fresh()['id']}", None, [401, 200, 404, 200, 200]),
            ("get by number", "GET", lambda: f"/tickets/{self.fresh()['ticketNumber']}", None,
             [401, 200, 404, 200, 200]),
            ("message", "POST", lambda: f"/tickets/{self.fresh()['id']}/messages",
             lambda: {"message": "hello"}, [401, 201, 404, 201, 201]),
            ("reopen", "PUT", lambda: f"/tickets/{self.fresh(True)['id']}/reopen",
             lambda: {"reason": "still broken"}, [401, 200, 404, 200, 200]),
            ("rate", "POST", lambda: f"/tickets/{self.fresh(True)['id']}/rate",
             lambda: {"rating": 4}, [401, 200, 404, 403, 403]),
            ("dashboard", "GET", lambda: "/dashboard", None, [401, 403, 403, 200, 200]),
            ("assign", "PUT", lambda: f"/tickets/{self.fresh()['id']}/assign",
             lambda: {"agentId": a}, [401, 403, 403, 200, 200]),
            ("status", "PUT", lambda: f"/tickets/{self.fresh()['id']}/status",
             lambda: {"status": "in_progress"}, [401, 403, 403, 200, 200]),
            ("priority", "PUT", lambda: f"/tickets/{self.fresh()['id']}/priority",
             lambda: {"priority": "urgent"}, [401, 403, 403, 200, 200]),
            ("close", "PUT", lambda: f"/tickets/{self.fresh()['id']}/close",
             lambda: {"summary": "done", "resolutionType": "solved"}, [401, 403, 403, 200, 200]),
            ("escalate", "PUT", lambda: f"/tickets/{self.fresh()['id']}/escalate",
             lambda: {"escalatedTo": a, "reason": "needs senior"}, [401, 403, 403, 200, 200]),
            ("merge", "POST", lambda: f"/tickets/{self.fresh()['id']}/merge",
             lambda: {"into": self.fresh()["ticketNumber"]}, [401, 403, 403, 200, 200]),
            ("bulk", "POST", lambda: "/tickets/bulk",
             lambda: {"ids": [str(self.fresh()["id"])], "action": "priority", "priority": "low"},
             [401, 403, 403, 200, 200]),
            ("events", "GET", lambda: f"/tickets/{self.fresh()['id']}/events", None,
             [401, 403, 403, 200, 200]),
            ("availability", "PUT", lambda: "/availability",
             lambda: {"status": "busy", "agentId": a}, [401, 403, 403, 200, 200]),
            ("stats", "GET", lambda: "/stats", None, [401, 403, 403, 403, 200]),
            ("create agent", "POST", lambda: "/agents",
             lambda: {"name": "N", "email": f"n{self.counter()}@desk.example"}, [401, 403, 403, 403, 201]),
            ("list agents", "GET", lambda: "/agents", None, [401, 403, 403, 200, 200]),
            ("update agent", "PUT", lambda: f"/agents/{a}", lambda: {"department": "billing"},
             [401, 403, 403, 403, 200]),
            ("create token", "POST", lambda: "/tokens", lambda: {"role": "agent", "agentId": a},
             [401, 403, 403, 403, 201]),
        ]

    _n = 0

    def counter(self):
        RolesMatrixTest._n += 1
        return RolesMatrixTest._n

    def sign_in(self):
        """Session cookies for the four roles that can sign in: customers by a portal link,
        agent and admin by password. {role: (cookie header, csrf token)}."""
        password = "matrix password 123"
        admin, _ = self.api.agent("Matrix Admin", role="admin")
        sessions = {}
        for role, agent in (("agent", self.agent), ("admin", admin)):
            self.api.call("PUT", f"/agents/{agent['id']}/password", {"password": password}, expect=200)
            r = http("POST", self.api.d.base + "/api/v1/auth/login",
                     json.dumps({"email": agent["email"], "password": password}), {"Content-Type": "application/json"})
            self.assertEqual(r.status, 200, r.body)
            cookie = re.match(r"(fd_session=[^;]+)", r.headers["Set-Cookie"]).group(1)
            sessions[role] = (cookie, r.json()["csrfToken"])
        for role, email in (("customer", "ann@example.com"), ("other_customer", "bob@example.com")):
            before = self.api.db.query("SELECT coalesce(max(id), 0) FROM outbox")
            http("POST", self.api.d.base + "/api/v1/auth/magic-link", json.dumps({"email": email}),
                 {"Content-Type": "application/json"})
            body = self.api.db.query(f"SELECT body FROM outbox WHERE id > {before} AND to_value = '{email}'")
            token = re.search(r"token=(\S+)", body).group(1)
            r = http("POST", self.api.d.base + "/api/v1/auth/magic-link/redeem", json.dumps({"token": token}),
                     {"Content-Type": "application/json"})
            cookie = re.match(r"(fd_portal=[^;]+)", r.headers["Set-Cookie"]).group(1)
            sessions[role] = (cookie, r.json()["csrfToken"])
        return sessions

    def test_every_endpoint_for_every_role_signed_in_by_session(self):
        """The token matrix again with cookies; every write also without its CSRF token (403,
        nothing changed) — the same call with the token is that cell's positive control."""
        sessions = self.sign_in()
        for name, method, path, body, expected in self.cases():
            for role, want in zip(ROLES, expected):
                if role == "anonymous":
                    continue
                cookie, csrf = sessions[role]
                with self.subTest(endpoint=name, role=role, csrf=True):
                    r = self.api.raw(method, path(), body() if body else None, None,
                                     headers={"Cookie": cookie, "X-CSRF-Token": csrf})
                    self.assertEqual(r.status, want, r.body[:300])
                if method != "GET":
                    with self.subTest(endpoint=name, role=role, csrf=False):
                        target, payload = path(), body() if body else None  # may make tickets: first
                        self.api.settle()
                        before = self.api.snapshot()
                        r = self.api.raw(method, target, payload, None, headers={"Cookie": cookie})
                        self.assertEqual(r.status, 403 if want < 400 or want == 404 else want, r.body[:300])
                        if r.status == 403 and want < 400:
                            self.assertEqual(r.json()["error"]["code"], "csrf_failed")
                        self.assertEqual(self.api.snapshot(), before, "a write without its CSRF token changed nothing")

    def test_every_endpoint_for_every_role(self):
        for name, method, path, body, expected in self.cases():
            for role, want in zip(ROLES, expected):
                with self.subTest(endpoint=name, role=role):
                    r = self.api.raw(method, path(), body() if body else None, self.tokens[role])
                    self.assertEqual(r.status, want, r.body[:300])
                    doc = r.json()
                    self.assertEqual(doc["success"], want < 400)
                    if want >= 400:
                        self.assertIn("code", doc["error"])
                        self.assertTrue(doc["error"]["message"])

    def test_create_ticket_for_every_role(self):
        # Anonymous POST /tickets belongs to the web form; with a token the API answers.
        for role in ROLES[1:]:
            with self.subTest(role=role):
                body = {"subject": "S", "description": "D"}
                if role in ("agent", "admin"):
                    body["email"] = "walkin@example.com"
                r = self.api.raw("POST", "/tickets", body, self.tokens[role])
                self.assertEqual(r.status, 201, r.body)
                self.assertEqual(r.json()["ticket"]["status"], "open")
        r = self.api.raw("POST", "/tickets", {"subject": "S", "description": "D"}, "fdc_not_a_token")
        self.assertEqual(r.status, 401)

    def test_customers_never_see_internal_notes(self):
        t = self.fresh()
        self.api.call("POST", f"/tickets/{t['id']}/messages",
                      {"message": "internal only", "isInternal": True}, token=self.agent_token, expect=201)
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "public reply"},
                      token=self.agent_token, expect=201)
        seen = self.api.call("GET", f"/tickets/{t['id']}", token=self.customer_token)["ticket"]
        bodies = [m["message"] for m in seen["messages"]]
        self.assertIn("public reply", bodies)
        self.assertNotIn("internal only", bodies)
        staff = self.api.call("GET", f"/tickets/{t['id']}", token=self.agent_token)["ticket"]
        self.assertIn("internal only", [m["message"] for m in staff["messages"]])
        r = self.api.raw("POST", f"/tickets/{t['id']}/messages", {"message": "x", "isInternal": True},
                         self.customer_token)
        self.assertEqual(r.status, 403)

    def test_agents_work_only_their_own_or_unassigned_tickets(self):
        other, _ = self.api.agent("Other Agent")
        t = self.fresh()
        self.api.call("PUT", f"/tickets/{t['id']}/assign", {"agentId": other["id"]}, expect=200)
        r = self.api.raw("PUT", f"/tickets/{t['id']}/priority", {"priority": "high"}, self.agent_token)
        self.assertEqual(r.status, 403)
        r = self.api.raw("PUT", f"/tickets/{self.fresh()['id']}/assign", {"agentId": other["id"]},
                         self.agent_token)
        self.assertEqual(r.status, 403, "agents assign only to themselves")

    def test_bad_input_on_every_write_endpoint_changes_nothing(self):
        t = self.fresh(resolved=True)
        u = self.fresh()
        a = self.agent["id"]
        writes = [
            ("POST", "/tickets", self.customer_token,
             [({"subject": 5, "description": "d"}, 422), ({"subject": "s", "description": "d", "category": "nope"}, 422),
              ({"subject": "s"}, 422), ({"subject": "s", "description": "d", "tags": "x"}, 422),
              ({"subject": "s" * 600, "description": "d"}, 413), ({"subject": "s", "description": "d", "extra": 1}, 422)]),
            ("POST", f"/tickets/{u['id']}/messages", self.customer_token,
             [({"message": 7}, 422), ({"message": ""}, 422), ({"message": "x" * 70000}, 413),
              ({"message": "x", "attachments": [{"fileName": "a"}]}, 422)]),
            ("PUT", f"/tickets/{t['id']}/reopen", self.customer_token, [({"reason": ["x"]}, 422)]),
            ("POST", f"/tickets/{t['id']}/rate", self.customer_token,
             [({"rating": 6}, 422), ({"rating": "5"}, 422), ({}, 422), ({"rating": 2.5}, 422)]),
            ("PUT", f"/tickets/{u['id']}/assign", ADMIN_TOKEN, [({"agentId": "abc"}, 422), ({"agentId": 999999}, 422)]),
            ("PUT", f"/tickets/{u['id']}/status", ADMIN_TOKEN,
             [({"status": "done"}, 422), ({"status": 1}, 422), ({}, 422), ({"status": "reopened"}, 409)]),
            ("PUT", f"/tickets/{u['id']}/priority", ADMIN_TOKEN, [({"priority": "critical"}, 422), ({}, 422)]),
            ("PUT", f"/tickets/{u['id']}/close", ADMIN_TOKEN, [({"resolutionType": "fixed"}, 422), ({"summary": 3}, 422)]),
            ("PUT", f"/tickets/{u['id']}/escalate", ADMIN_TOKEN, [({"escalatedTo": 999999}, 422), ({"reason": False}, 422)]),
            ("POST", f"/tickets/{u['id']}/merge", ADMIN_TOKEN, [({}, 422), ({"into": str(u["id"])}, 422), ({"into": "999999"}, 404)]),
            ("POST", "/tickets/bulk", ADMIN_TOKEN,
             [({"ids": [], "action": "close"}, 422), ({"ids": [str(u["id"])], "action": "delete"}, 422),
              ({"ids": [str(u["id"])], "action": "priority", "priority": "x"}, 422)]),
            ("PUT", "/availability", self.agent_token, [({"status": "sleeping"}, 422), ({}, 422)]),
            ("POST", "/agents", ADMIN_TOKEN, [({"name": "x"}, 422), ({"name": "x", "email": "y@z", "role": "boss"}, 422),
                                              ({"name": "x", "email": "y@z", "maxConcurrent": 0}, 422)]),
            ("PUT", f"/agents/{a}", ADMIN_TOKEN, [({"availability": "gone"}, 422), ({"name": ""}, 422)]),
            ("POST", "/tokens", ADMIN_TOKEN, [({"role": "root"}, 422), ({"role": "agent"}, 422),
                                              ({"role": "customer"}, 422)]),
        ]
        self.api.settle()  # the shipped rules may still be acting on the new tickets
        for method, path, token, cases in writes:
            generic = [("{not json", 400), ("[1, 2]", 400), ("x" * (1024 * 1024 + 10), 413)]
            for body, want in generic + cases:
                with self.subTest(endpoint=f"{method} {path}", body=str(body)[:80]):
                    before = self.api.snapshot()
                    r = self.api.raw(method, path, body if isinstance(body, str) else json.dumps(body), token)
                    self.assertEqual(r.status, want, r.body[:300])
                    doc = r.json()
                    self.assertFalse(doc["success"])
                    self.assertTrue(doc["error"]["code"] and doc["error"]["message"])
                    self.assertEqual(self.api.snapshot(), before, "refused input changed the database")

    def test_illegal_status_change_is_409_with_the_machine_message(self):
        t = self.fresh(resolved=True)
        r = self.api.raw("PUT", f"/tickets/{t['id']}/status", {"status": "in_progress"}, ADMIN_TOKEN)
        self.assertEqual(r.status, 409)
        self.assertIn("cannot change status from 'resolved' to 'in_progress'", r.json()["error"]["message"])

    def test_revoked_and_unknown_tokens_are_401(self):
        tok = self.api.call("POST", "/tokens", {"role": "agent", "agentId": self.agent["id"]}, expect=201)
        self.assertEqual(self.api.raw("GET", "/tickets", None, tok["token"]).status, 200)
        self.api.db.query(f"UPDATE api_tokens SET revoked_at = now() WHERE id = {tok['id']}")
        r = self.api.raw("GET", "/tickets", None, tok["token"])
        self.assertEqual(r.status, 401)
        self.assertEqual(r.headers.get("WWW-Authenticate"), "Bearer")
        digest = self.api.db.query(f"SELECT encode(token_hash, 'hex') FROM api_tokens WHERE id = {tok['id']}")
        self.assertNotIn(tok["token"], digest, "tokens are stored hashed")


if __name__ == "__main__":
    unittest.main()
