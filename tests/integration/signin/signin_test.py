# SPDX-License-Identifier: Apache-2.0
"""Sign-in for people (DESIGN.md "Sign-in"): agents' passwords and sessions, CSRF, lockout,
session fixation, logout and revocation, the portal's single-use links, and the event stream
opened with a session cookie — against the real daemon over HTTP."""
import json
import os
import re
import socket
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))

from api_client import ADMIN_TOKEN, Api  # noqa: E402
from daemon_harness import http  # noqa: E402

CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")
PASSWORD = "correct horse battery"


def cookie_value(response, name):
    header = response.headers.get("Set-Cookie", "")
    m = re.match(rf"{name}=([^;]*)", header)
    return m.group(1) if m else None


class SignInTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def agent_with_password(self, name, role="agent"):
        agent, token = self.api.agent(name, role)
        self.api.call("PUT", f"/agents/{agent['id']}/password", {"password": PASSWORD}, expect=200)
        return agent, token

    def login(self, email, password=PASSWORD, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        return http("POST", self.api.d.base + "/api/v1/auth/login",
                    json.dumps({"email": email, "password": password}), h)

    def with_cookie(self, method, path, cookie, body=None, csrf=None, name="fd_session"):
        h = {"Content-Type": "application/json", "Cookie": f"{name}={cookie}"}
        if csrf:
            h["X-CSRF-Token"] = csrf
        url = self.api.d.base + path
        return http(method, url, json.dumps(body) if body is not None else None, h)

    def signed_in(self, email):
        r = self.login(email)
        self.assertEqual(r.status, 200, r.body)
        return cookie_value(r, "fd_session"), r.json()["csrfToken"]

    def test_login_sets_a_strict_cookie_and_the_session_reads_and_writes_with_csrf(self):
        agent, _ = self.agent_with_password("Ada Login")
        r = self.login(agent["email"].upper())  # addresses compare without case
        self.assertEqual(r.status, 200, r.body)
        set_cookie = r.headers["Set-Cookie"]
        for attribute in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attribute, set_cookie)
        self.assertNotIn("Secure", set_cookie, "http:// public_url: a Secure cookie would never come back")
        cookie, csrf = cookie_value(r, "fd_session"), r.json()["csrfToken"]
        self.assertEqual(r.json()["agent"]["id"], agent["id"])
        self.assertEqual(self.api.db.query("SELECT count(*) FROM sessions WHERE token_hash = sha256("
                                           f"convert_to('{cookie}', 'UTF8'))"), "1", "stored as a digest")

        me = self.with_cookie("GET", "/api/v1/auth/session", cookie)
        self.assertEqual(me.status, 200)
        self.assertEqual(me.json()["agent"]["email"], agent["email"])
        self.assertEqual(me.json()["csrfToken"], csrf, "the same token after a reload")
        self.assertEqual(self.with_cookie("GET", "/api/v1/support/tickets", cookie).status, 200)

        _, customer = self.api.customer("csrf.victim@example.com")
        ticket = self.api.ticket(customer, subject="CSRF target")
        before = self.api.snapshot()
        no_token = self.with_cookie("PUT", f"/api/v1/support/tickets/{ticket['id']}/priority", cookie,
                                    {"priority": "urgent"})
        self.assertEqual(no_token.status, 403)
        self.assertEqual(no_token.json()["error"]["code"], "csrf_failed")
        wrong = self.with_cookie("PUT", f"/api/v1/support/tickets/{ticket['id']}/priority", cookie,
                                 {"priority": "urgent"}, csrf="0" * 64)
        self.assertEqual(wrong.status, 403)
        self.assertEqual(self.api.snapshot(), before, "a refused write changes nothing")
        ok = self.with_cookie("PUT", f"/api/v1/support/tickets/{ticket['id']}/priority", cookie,
                              {"priority": "urgent"}, csrf=csrf)
        self.assertEqual(ok.status, 200, ok.body)
        actor = self.api.db.query("SELECT actor_kind || ':' || actor_id FROM audit_events WHERE ticket_id = "
                                  f"{ticket['id']} AND event = 'ticket.updated' AND data->>'field' = 'priority'")
        self.assertEqual(actor, f"agent:{agent['id']}", "the audit names the signed-in agent")

    def test_wrong_password_and_unknown_address_get_the_same_answer(self):
        agent, _ = self.agent_with_password("Bo Wrong")
        wrong = self.login(agent["email"], "not the password")
        unknown = self.login("nobody@desk.example", "not the password")
        self.assertEqual((wrong.status, unknown.status), (401, 401))
        self.assertEqual(wrong.json(), unknown.json())
        self.assertNotIn("Set-Cookie", wrong.headers)
        no_password_yet, _ = self.api.agent("Cy Nopassword")
        self.assertEqual(self.login(no_password_yet["email"]).status, 401)

    def test_five_failures_lock_the_address_but_not_another(self):
        locked, _ = self.agent_with_password("Di Locked")
        other, _ = self.agent_with_password("Ed Other")
        for _ in range(5):
            self.assertEqual(self.login(locked["email"], "guess").status, 401)
        r = self.login(locked["email"])  # the right password, too late
        self.assertEqual(r.status, 429)
        self.assertEqual(r.json()["error"]["code"], "account_locked")
        self.assertNotIn("Set-Cookie", r.headers)
        self.assertEqual(self.login(other["email"]).status, 200, "another address is not locked")
        self.api.db.query(f"UPDATE login_failures SET at = at - interval '16 minutes' WHERE email = '{locked['email']}'")
        self.assertEqual(self.login(locked["email"]).status, 200, "the lock ends after 15 minutes")
        self.assertEqual(self.api.db.query(f"SELECT count(*) FROM login_failures WHERE email = '{locked['email']}'"), "0")

    def test_a_planted_cookie_never_becomes_a_session(self):
        agent, _ = self.agent_with_password("Fay Fixation")
        planted, _ = self.signed_in(agent["email"])  # a cookie the attacker knows
        r = self.login(agent["email"], headers={"Cookie": f"fd_session={planted}"})
        fresh = cookie_value(r, "fd_session")
        self.assertNotEqual(fresh, planted)
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", planted).status, 401)
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", fresh).status, 200)

    def test_logout_list_revoke_and_password_change_end_sessions(self):
        agent, token = self.agent_with_password("Gil Sessions")
        first, first_csrf = self.signed_in(agent["email"])
        second, second_csrf = self.signed_in(agent["email"])
        listed = self.with_cookie("GET", "/api/v1/auth/sessions", first).json()["sessions"]
        self.assertEqual(len(listed), 2)
        self.assertEqual(sum(s["current"] for s in listed), 1)
        other = next(s for s in listed if not s["current"])
        revoked = self.with_cookie("DELETE", f"/api/v1/auth/sessions/{other['id']}", first, csrf=first_csrf)
        self.assertEqual(revoked.status, 200, revoked.body)
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", second).status, 401)

        third, _ = self.signed_in(agent["email"])
        changed = self.with_cookie("PUT", f"/api/v1/support/agents/{agent['id']}/password", first,
                                   {"password": "a brand new secret", "currentPassword": PASSWORD}, csrf=first_csrf)
        self.assertEqual(changed.status, 200, changed.body)
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", third).status, 401, "others ended")
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", first).status, 200, "this one kept")
        self.assertEqual(self.login(agent["email"]).status, 401)
        self.assertEqual(self.login(agent["email"], "a brand new secret").status, 200)

        out = self.with_cookie("POST", "/api/v1/auth/logout", first, {}, csrf=first_csrf)
        self.assertEqual(out.status, 200)
        self.assertIn("Max-Age=0", out.headers["Set-Cookie"])
        self.assertEqual(self.with_cookie("GET", "/api/v1/auth/session", first).status, 401)
        self.assertEqual(self.api.raw("GET", "/tickets", token=token).status, 200, "bearer tokens keep working")

    def test_agents_set_only_their_own_password_and_only_with_the_current_one(self):
        agent, token = self.agent_with_password("Hal Own")
        peer, _ = self.agent_with_password("Ivy Peer")
        self.assertEqual(self.api.raw("PUT", f"/agents/{peer['id']}/password", {"password": "x" * 12},
                                      token=token).status, 403)
        self.assertEqual(self.api.raw("PUT", f"/agents/{agent['id']}/password",
                                      {"password": "y" * 12, "currentPassword": "wrong"}, token=token).status, 403)
        short = self.api.raw("PUT", f"/agents/{agent['id']}/password", {"password": "short"}, token=ADMIN_TOKEN)
        self.assertEqual(short.status, 422)
        self.assertEqual(self.login(agent["email"]).status, 200, "refusals changed nothing")

    def test_cli_passwd_reads_the_password_from_standard_input(self):
        agent, _ = self.api.agent("Jo Cli")
        r = subprocess.run([CLI, "agent", "passwd", agent["email"], "--config", self.api.d.daemon.config_path],
                           input="typed on stdin 123\n", capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.login(agent["email"], "typed on stdin 123").status, 200)
        self.assertTrue(self.api.db.query(f"SELECT password_hash FROM agents WHERE id = {agent['id']}")
                        .startswith("$argon2id$v=19$"))
        missing = subprocess.run([CLI, "agent", "passwd", "ghost@desk.example", "--config",
                                  self.api.d.daemon.config_path], input="whatever 1234\n",
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(missing.returncode, 1)

    def test_a_form_from_another_site_cannot_log_anyone_in(self):
        agent, _ = self.agent_with_password("Kim Form")
        r = self.login(agent["email"], headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)
        self.assertNotIn("Set-Cookie", r.headers)

    def portal_link(self, email):
        before = int(self.api.db.query("SELECT coalesce(max(id), 0) FROM outbox"))
        r = http("POST", self.api.d.base + "/api/v1/auth/magic-link", json.dumps({"email": email}),
                 {"Content-Type": "application/json"})
        self.assertEqual(r.status, 202)
        body = self.api.db.query(f"SELECT body FROM outbox WHERE id > {before} AND to_value = lower('{email}')")
        m = re.search(r"/portal/sign-in\?token=(\S+)", body or "")
        return m.group(1) if m else None

    def redeem(self, token):
        return http("POST", self.api.d.base + "/api/v1/auth/magic-link/redeem", json.dumps({"token": token}),
                    {"Content-Type": "application/json"})

    def test_the_portal_link_works_once_within_15_minutes_for_its_customer_only(self):
        mine_id, mine = self.api.customer("portal.owner@example.com")
        _, theirs = self.api.customer("portal.other@example.com")
        own = self.api.ticket(mine, subject="Mine from the portal")
        other = self.api.ticket(theirs, subject="Not mine")
        self.assertIsNone(self.portal_link("never.wrote@example.com"), "unknown: 202 and no mail")
        token = self.portal_link("Portal.Owner@example.com")
        self.assertIsNotNone(token)
        r = self.redeem(token)
        self.assertEqual(r.status, 200, r.body)
        cookie = cookie_value(r, "fd_portal")
        self.assertEqual(r.json()["customerId"], mine_id)
        listed = self.with_cookie("GET", "/api/v1/support/tickets", cookie, name="fd_portal").json()["tickets"]
        self.assertEqual([t["id"] for t in listed], [own["id"]])
        self.assertEqual(self.with_cookie("GET", f"/api/v1/support/tickets/{other['id']}", cookie,
                                          name="fd_portal").status, 404)
        self.assertEqual(self.with_cookie("GET", "/api/v1/support/dashboard", cookie, name="fd_portal").status, 403)
        self.assertEqual(self.redeem(token).status, 410, "a link works once")

        late = self.portal_link("portal.owner@example.com")
        self.api.db.query("UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL")
        self.assertEqual(self.redeem(late).status, 410, "and only within its time")

    def test_the_event_stream_opens_with_a_session_but_not_a_cross_site_websocket(self):
        agent, _ = self.agent_with_password("Lu Stream")
        cookie, _ = self.signed_in(agent["email"])
        port = urllib.parse.urlparse(self.api.d.base).port

        def upgrade(origin):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall((f"GET /api/v1/support/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       f"Origin: {origin}\r\nCookie: fd_session={cookie}\r\n\r\n").encode())
            status = s.recv(200).split(b"\r\n", 1)[0]
            s.close()
            return status

        self.assertIn(b" 403 ", upgrade("https://evil.example"))
        self.assertIn(b" 101 ", upgrade(f"http://127.0.0.1:{port}"))
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall((f"GET /api/v1/support/events HTTP/1.1\r\nHost: x\r\nCookie: fd_session={cookie}\r\n\r\n").encode())
        head = b""
        while b"retry:" not in head:
            chunk = s.recv(4096)
            self.assertTrue(chunk, head)
            head += chunk
        s.close()
        self.assertIn(b"200 OK", head.split(b"\r\n", 1)[0])


if __name__ == "__main__":
    unittest.main()
