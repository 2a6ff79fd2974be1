# SPDX-License-Identifier: Apache-2.0
"""The web form plugin, loaded from its .so by frontdeskd, over real HTTP on real PostgreSQL."""
import json
import socket
import unittest
import uuid

from daemon_harness import RunningDaemon, http

FORM = {"name": "Ann Example", "email": "Ann@Example.com", "subject": "Cannot pay",
        "description": "My card was charged twice.", "category": "payment"}


def post_json(base, payload, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return http("POST", base + "/api/v1/support/tickets", json.dumps(payload), h)


def multipart(fields, files):
    boundary = "----frontdesk" + uuid.uuid4().hex
    out = b""
    for name, value in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                f"{value}\r\n").encode()
    for name, (filename, ctype, data) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


class WebformTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon()
        cls.base = cls.d.base

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_form_page_is_served(self):
        r = http("GET", self.base + "/support/new")
        self.assertEqual(r.status, 200)
        self.assertIn("text/html", r.headers["Content-Type"])
        self.assertIn(b'name="website"', r.body)
        self.assertIn(b'/api/v1/support/tickets', r.body)

    def test_post_creates_ticket_that_token_reads_back(self):
        r = post_json(self.base, FORM)
        self.assertEqual(r.status, 201, r.body)
        body = r.json()
        self.assertTrue(body["success"])
        number = body["ticket"]["ticketNumber"]
        self.assertRegex(number, r"^TKT-\d+-\d{6}$")
        token = body["accessToken"]
        self.assertTrue(token.startswith("fdc_"))

        for key in (number, str(body["ticket"]["id"])):
            got = http("GET", f"{self.base}/api/v1/support/tickets/{key}",
                       headers={"Authorization": f"Bearer {token}"})
            self.assertEqual(got.status, 200, got.body)
            ticket = got.json()["ticket"]
            self.assertEqual(ticket["ticketNumber"], number)
            self.assertEqual(ticket["subject"], "Cannot pay")
            self.assertEqual(ticket["category"], "payment")
            self.assertEqual(ticket["status"], "open")
            self.assertEqual(ticket["priority"], "medium")
            self.assertEqual(ticket["customer"]["name"], "Ann Example")
            # What the customer wrote (the form's confirmation mail may be there too, once sent).
            self.assertEqual([m["message"] for m in ticket["messages"] if m["direction"] == "inbound"],
                             [FORM["description"]])

        identity = self.d.db.query(
            f"SELECT ci.value FROM customer_identities ci JOIN tickets t ON t.customer_id = ci.customer_id "
            f"WHERE t.number = '{number}'")
        self.assertEqual(identity, "ann@example.com")

    def test_token_is_required_and_scoped_to_its_customer(self):
        mine = post_json(self.base, FORM).json()
        other = post_json(self.base, dict(FORM, email="bob@example.com")).json()
        url = f"{self.base}/api/v1/support/tickets/{mine['ticket']['ticketNumber']}"
        self.assertEqual(http("GET", url).status, 401)
        self.assertEqual(http("GET", url, headers={"Authorization": "Bearer fdc_wrong"}).status, 401)
        foreign = http("GET", url, headers={"Authorization": f"Bearer {other['accessToken']}"})
        self.assertEqual(foreign.status, 404)
        self.assertEqual(foreign.json(), {"success": False, "error": {"code": "not_found", "message": "no such ticket"}})

    def test_multipart_with_attachment(self):
        body, ctype = multipart(FORM, {"attachments": ("log.txt", "text/plain", b"line 1\nline 2\n")})
        r = http("POST", self.base + "/api/v1/support/tickets", body, {"Content-Type": ctype})
        self.assertEqual(r.status, 201, r.body)
        created = r.json()
        got = http("GET", f"{self.base}/api/v1/support/tickets/{created['ticket']['id']}",
                   headers={"Authorization": f"Bearer {created['accessToken']}"}).json()
        attachments = got["ticket"]["messages"][0]["attachments"]
        self.assertEqual([(a["fileName"], a["contentType"], a["size"]) for a in attachments],
                         [("log.txt", "text/plain", 14)])

    def test_attachments_are_typed_by_their_bytes_under_safe_names(self):
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
        for filename, claimed, data, stored in (
                # (the web form reads a backslash in a quoted name as an escape, as RFC 7578 allows)
                ("../../photo.png", "text/html", png, ("photo.png", "image/png")),
                ("../../etc/invoice\u202egnp.html", "image/png", html, ("invoicegnp.html", "text/html")),
                # (the web form itself turns control characters into '_')
                ("notes\x01.csv", "text/csv", b"a,b\n1,2\n", ("notes_.csv", "text/csv"))):
            body, ctype = multipart(FORM, {"attachments": (filename, claimed, data)})
            r = http("POST", self.base + "/api/v1/support/tickets", body, {"Content-Type": ctype})
            self.assertEqual(r.status, 201, r.body)
            created = r.json()
            got = http("GET", f"{self.base}/api/v1/support/tickets/{created['ticket']['id']}",
                       headers={"Authorization": f"Bearer {created['accessToken']}"}).json()
            a = got["ticket"]["messages"][0]["attachments"][0]
            self.assertEqual((a["fileName"], a["contentType"]), stored, filename)

    def test_an_attachment_over_the_size_cap_is_refused(self):
        body, ctype = multipart(FORM, {"attachments": ("big.bin", "application/octet-stream",
                                                       b"x" * (10 * 1024 * 1024 + 1))})
        before = self.d.db.query("SELECT count(*) FROM tickets")
        r = http("POST", self.base + "/api/v1/support/tickets", body, {"Content-Type": ctype})
        self.assertEqual(r.status, 413, r.body)
        self.assertEqual(r.json()["error"]["code"], "attachment_too_large")
        self.assertEqual(self.d.db.query("SELECT count(*) FROM tickets"), before)

    def test_idempotency_key_makes_one_ticket(self):
        key = {"Idempotency-Key": "form-" + uuid.uuid4().hex}
        first = post_json(self.base, FORM, key)
        second = post_json(self.base, FORM, key)
        self.assertEqual(first.status, 201)
        self.assertEqual(second.status, 200, second.body)
        self.assertEqual(first.json()["ticket"]["id"], second.json()["ticket"]["id"])
        self.assertNotIn("accessToken", second.json())
        count = self.d.db.query(f"SELECT count(*) FROM messages WHERE ticket_id = {first.json()['ticket']['id']} "
                                "AND direction = 'inbound'")
        self.assertEqual(count, "1")

    def test_honeypot_makes_no_ticket(self):
        before = self.d.db.query("SELECT count(*) FROM tickets")
        r = post_json(self.base, dict(FORM, website="http://spam.example"))
        self.assertEqual(r.status, 202)
        self.assertNotIn("ticket", r.json())
        self.assertEqual(self.d.db.query("SELECT count(*) FROM tickets"), before)

    def test_invalid_input_is_refused_in_the_error_shape(self):
        before = self.d.db.query("SELECT count(*) FROM tickets")
        r = post_json(self.base, {"name": "", "email": "not-an-address", "subject": "x", "description": "y"})
        self.assertEqual(r.status, 422)  # as the API answers the same fault
        err = r.json()
        self.assertFalse(err["success"])
        self.assertEqual(err["error"]["code"], "validation_failed")
        self.assertIn("email", err["error"]["message"])
        bad_json = http("POST", self.base + "/api/v1/support/tickets", "{nope",
                        {"Content-Type": "application/json"})
        self.assertEqual(bad_json.status, 400)
        self.assertEqual(bad_json.json()["error"]["code"], "invalid_json")
        self.assertEqual(self.d.db.query("SELECT count(*) FROM tickets"), before)

    def test_oversized_body_is_413_before_it_is_read(self):
        # Only the headers are sent: the limit is enforced from Content-Length.
        with socket.create_connection(("127.0.0.1", self.d.port), timeout=10) as s:
            s.sendall(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n")
            reply = s.recv(4096).decode()
        self.assertTrue(reply.startswith("HTTP/1.1 413"), reply)
        self.assertIn("payload_too_large", reply)

    def test_unknown_route_is_404_json(self):
        r = http("GET", self.base + "/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(r.json()["success"], False)

    def test_readyz_reports_database(self):
        r = http("GET", self.base + "/readyz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["database"], "ok")


class FormTokenScopeTest(unittest.TestCase):
    """An address typed into the form proves nothing: the token it answers sees only the
    tickets opened through it, never the rest of that address's tickets, and it expires."""
    ADMIN = "fdx_" + "a" * 43

    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": cls.ADMIN})
        cls.base = cls.d.base

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def call(self, method, path, token, body=None):
        return http(method, f"{self.base}/api/v1/support{path}",
                    None if body is None else json.dumps(body),
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})

    def test_typing_a_victims_address_reaches_none_of_their_tickets(self):
        victim = dict(FORM, email="victim@example.com")
        # One ticket keyed by the address from another channel (staff-created), one from the form.
        by_staff = self.call("POST", "/tickets", self.ADMIN,
                             {"email": "victim@example.com", "subject": "Invoice", "description": "secret"})
        self.assertEqual(by_staff.status, 201, by_staff.body)
        by_form = post_json(self.base, victim).json()
        self.d.db.query(f"UPDATE tickets SET status = 'resolved' WHERE number = '{by_form['ticket']['ticketNumber']}'")

        attacker = post_json(self.base, dict(victim, subject="hi", description="hello")).json()
        token = attacker["accessToken"]
        listed = self.call("GET", "/tickets", token).json()
        self.assertEqual([t["ticketNumber"] for t in listed["tickets"]], [attacker["ticket"]["ticketNumber"]])
        for victim_ticket in (by_staff.json()["ticket"]["ticketNumber"], by_form["ticket"]["ticketNumber"]):
            self.assertEqual(self.call("GET", f"/tickets/{victim_ticket}", token).status, 404)
            self.assertEqual(self.call("POST", f"/tickets/{victim_ticket}/messages", token,
                                       {"message": "let me in"}).status, 404)
            self.assertEqual(self.call("PUT", f"/tickets/{victim_ticket}/reopen", token, {}).status, 404)
            self.assertEqual(self.call("POST", f"/tickets/{victim_ticket}/rate", token, {"rating": 1}).status, 404)
        # Positive controls: the victim's own form token still reads its ticket, the attacker's its own.
        self.assertEqual(self.call("GET", f"/tickets/{by_form['ticket']['id']}", by_form["accessToken"]).status, 200)
        self.assertEqual(self.call("GET", f"/tickets/{attacker['ticket']['id']}", token).status, 200)
        self.assertEqual(self.d.db.query("SELECT count(*) FROM messages WHERE body = 'let me in'"), "0")

    def test_token_sees_the_tickets_it_opens_itself(self):
        first = post_json(self.base, dict(FORM, email="own@example.com")).json()
        token = first["accessToken"]
        second = self.call("POST", "/tickets", token, {"subject": "Another", "description": "more"})
        self.assertEqual(second.status, 201, second.body)
        listed = {t["id"] for t in self.call("GET", "/tickets", token).json()["tickets"]}
        self.assertEqual(listed, {first["ticket"]["id"], second.json()["ticket"]["id"]})
        # A ticket of the same customer that this token did not open stays out of reach.
        other = post_json(self.base, dict(FORM, email="own@example.com")).json()
        self.assertEqual(self.call("GET", f"/tickets/{other['ticket']['id']}", token).status, 404)

    def test_form_tokens_expire(self):
        created = post_json(self.base, dict(FORM, email="expiry@example.com")).json()
        number = created["ticket"]["ticketNumber"]
        days = self.d.db.query(
            "SELECT extract(day FROM k.expires_at - now())::int FROM api_tokens k "
            f"JOIN api_token_tickets s ON s.token_id = k.id JOIN tickets t ON t.id = s.ticket_id WHERE t.number = '{number}'")
        self.assertIn(days, ("29", "30"))
        self.d.db.query("UPDATE api_tokens k SET expires_at = now() - interval '1 second' FROM api_token_tickets s "
                        f"JOIN tickets t ON t.id = s.ticket_id WHERE s.token_id = k.id AND t.number = '{number}'")
        self.assertEqual(self.call("GET", f"/tickets/{number}", created["accessToken"]).status, 401)


class RateLimitTest(unittest.TestCase):
    def test_per_ip_limit_answers_429(self):
        d = RunningDaemon(channels="  webform: { enabled: true, rate_limit_per_minute: 3 }\n")
        try:
            statuses = [post_json(d.base, FORM).status for _ in range(5)]
            self.assertEqual(statuses, [201, 201, 201, 429, 429])
            self.assertEqual(d.db.query("SELECT count(*) FROM tickets"), "3")
        finally:
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
