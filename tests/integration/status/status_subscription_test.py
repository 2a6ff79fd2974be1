# SPDX-License-Identifier: Apache-2.0
"""Subscriptions end to end: sign-up by e-mail (JSON and form) with double opt-in through a
real SMTP peer, notifications of an incident's opening, update and resolution with RFC 8058
one-click unsubscribe headers, the one-click POST, forged and replayed tokens refused,
per-component following, webhook subscribers, unknown components and the per-address limit."""
import http.server
import json
import os
import re
import tempfile
import threading
import unittest
import urllib.parse

from status_client import Status, wait_until
from daemon_harness import free_port
from smtp_sink import SmtpSink


class Hooks(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        Hooks.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def link(text, path):
    return re.search(r"https?://\S+" + re.escape(path) + r"\?token=[0-9a-z.]+", text).group(0)


class StatusSubscriptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink()
        cls.hooks = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Hooks)
        threading.Thread(target=cls.hooks.serve_forever, daemon=True).start()
        # A rule on incident.opened, notifying this test's webhook receiver.
        cls.rules = tempfile.mkdtemp(prefix="status-rules-")
        os.makedirs(os.path.join(cls.rules, "templates"))
        with open(os.path.join(cls.rules, "oncall.yaml"), "w") as f:
            f.write("- name: page the on-call\n  on: incident.opened\n  then:\n"
                    f"    - notify: {{ webhook: \"http://127.0.0.1:{cls.hooks.server_port}/rule\", "
                    "template: incident_alert }\n")
        with open(os.path.join(cls.rules, "templates", "incident_alert.yaml"), "w") as f:
            f.write('en:\n  subject: "Incident {{event.new}}"\n  body: "Now {{event.new}}."\n')
        channels = ("  webform: { enabled: false }\n"
                    "  email:\n    enabled: true\n    address: status@example.com\n"
                    f"    listen: 127.0.0.1:{free_port()}\n"
                    f"    outbound: {{ host: 127.0.0.1, port: {cls.sink.port} }}\n")
        cls.api = Status(channels=channels,
                         extra="status: { name: Acme, signup_limit_per_hour: 6 }\n"
                               "http: { trusted_proxies: [127.0.0.1] }\n"
                               f"rules: {{ dir: {cls.rules} }}\n"
                               "outbox: { poll_interval: 200ms, backoff_base: 100ms }\n"
                               "webhooks: { allow_private_networks: [127.0.0.1] }\n")
        for name in ("API", "Website"):
            cls.api.ok("POST", "/components", {"name": name}, expect=201)

    @classmethod
    def tearDownClass(cls):
        code = cls.api.stop()
        cls.sink.stop()
        cls.hooks.shutdown()
        assert code == 0

    def mail_to(self, address, count):
        return wait_until(lambda: (lambda m: m if len(m) >= count else None)(self.sink.to(address)), 30,
                          f"{count} message(s) to {address}")

    def subscribe(self, body, form=False, expect=202, client=None):
        headers = {"X-Forwarded-For": client} if client else {}
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            r = self.api.public("POST", "/status/subscribe", urllib.parse.urlencode(body), headers)
        else:
            r = self.api.public("POST", "/status/subscribe", body, headers)
        self.assertEqual(r.status, expect, r.body)
        return r

    def incident(self, components, title="Outage"):
        return self.api.ok("POST", "/incidents", {"title": title, "components": components, "impact": "major",
                                                  "message": "We are on it."}, expect=201)["incident"]

    def test_double_opt_in_notify_and_one_click_unsubscribe(self):
        self.subscribe({"email": "Ann@Example.org", "components": ["API"], "locale": "es"})
        confirmation = self.mail_to("ann@example.org", 1)[0]
        self.assertIn("confirme", confirmation["Subject"])
        self.assertIsNone(confirmation["List-Unsubscribe"])
        confirm_url = link(confirmation.get_content(), "/status/confirm")
        # Not confirmed yet: an incident tells nobody.
        first = self.incident(["API"], "Before confirming")
        wait_until(lambda: self.api.db.query(
            f"SELECT dispatched_at IS NOT NULL FROM status_notifications WHERE incident_id = {first['id']}") == "t",
            30, "the notification to be dispatched")
        self.assertEqual(len(self.sink.to("ann@example.org")), 1)
        r = self.api.public("GET", urllib.parse.urlparse(confirm_url)._replace(scheme="", netloc="").geturl())
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.json()["subscriber"]["confirmed"])
        self.assertEqual(r.json()["subscriber"]["components"], ["API"])
        # Opened, updated, resolved: three messages, each with one-click unsubscribe headers.
        i = self.incident(["API"], "Payments failing")
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "identified", "message": "Found it."},
                    expect=201)
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "Fixed."},
                    expect=201)
        mails = self.mail_to("ann@example.org", 4)[1:]
        self.assertEqual([("Payments failing" in m["Subject"]) for m in mails], [True] * 3)
        self.assertIn("Resuelto", mails[2]["Subject"])
        for m in mails:
            self.assertEqual(m["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
            self.assertRegex(m["List-Unsubscribe"], r"^<https?://\S+/status/unsubscribe\?token=[0-9a-z.]+>$")
            self.assertEqual(m["Auto-Submitted"], "auto-generated")
        unsubscribe_url = mails[0]["List-Unsubscribe"].strip("<>")
        path = urllib.parse.urlparse(unsubscribe_url)
        target = path.path + "?" + path.query
        # A forged token (another subscriber's id, or a changed signature) is refused.
        sid, purpose, mac = path.query.split("=", 1)[1].split(".")
        for forged in (f"{int(sid) + 1}.{purpose}.{mac}", f"{sid}.{purpose}.{'0' * 64}", f"{sid}.c.{mac}", "junk"):
            r = self.api.public("POST", "/status/unsubscribe?token=" + forged, "List-Unsubscribe=One-Click",
                                {"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(r.status, 400, forged)
            self.assertEqual(r.json()["error"]["code"], "token_invalid")
        # The one-click POST (RFC 8058) unsubscribes; the same link again is spent.
        r = self.api.public("POST", target, "List-Unsubscribe=One-Click",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 200, r.body)
        r = self.api.public("POST", target, "List-Unsubscribe=One-Click",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400)
        self.assertEqual(self.api.db.query("SELECT count(*) FROM audit_events "
                                           "WHERE event = 'status_subscriber.unsubscribed'"), "1")
        # Unsubscribed: the next incident tells them nothing.
        later = self.incident(["API"], "After leaving")
        wait_until(lambda: self.api.db.query(
            f"SELECT dispatched_at IS NOT NULL FROM status_notifications WHERE incident_id = {later['id']}") == "t",
            30, "the notification to be dispatched")
        self.assertEqual(len(self.sink.to("ann@example.org")), 4)

    def test_form_sign_up_and_component_filter(self):
        self.subscribe({"email": "bo@example.org", "components": "Website"}, form=True)
        mail = self.mail_to("bo@example.org", 1)[0]
        self.assertIn("confirm your subscription", mail["Subject"])
        url = urllib.parse.urlparse(link(mail.get_content(), "/status/confirm"))
        self.assertEqual(self.api.public("GET", url.path + "?" + url.query).status, 200)
        # Following Website only: an API incident is not theirs; one naming no component is everyone's.
        api_only = self.incident(["API"], "API only")
        everyone = self.incident([], "Everything")
        for i in (api_only, everyone):
            wait_until(lambda: self.api.db.query(
                f"SELECT dispatched_at IS NOT NULL FROM status_notifications WHERE incident_id = {i['id']}") == "t",
                30, "dispatch")
        mails = self.mail_to("bo@example.org", 2)
        self.assertEqual(len(mails), 2)
        self.assertIn("Everything", mails[1]["Subject"])

    def test_webhook_subscriber(self):
        url = f"http://127.0.0.1:{self.hooks.server_port}/hook"
        self.subscribe({"webhook": url})
        confirm = wait_until(lambda: [h for h in Hooks.received if h.get("type") == "subscription.confirm"], 30,
                             "the webhook's confirmation")[0]
        target = urllib.parse.urlparse(confirm["confirmUrl"])
        self.assertEqual(self.api.public("GET", target.path + "?" + target.query).status, 200)
        i = self.incident(["Website"], "Hooked")
        hook = wait_until(lambda: [h for h in Hooks.received if h.get("type") == "incident.opened"
                                   and h["incident"]["id"] == i["id"]], 30, "the webhook notification")[0]
        self.assertEqual(hook["incident"]["title"], "Hooked")
        self.assertIn("/status/unsubscribe?token=", hook["unsubscribeUrl"])

    def test_rules_hear_incident_events(self):
        self.incident(["API"], "Rule test")
        rule = wait_until(lambda: [h for h in Hooks.received if h.get("rule") == "page the on-call"], 30,
                          "the rule's notification")[0]
        self.assertEqual(rule["event"], "incident.opened")
        self.assertEqual(rule["subject"], "Incident investigating")
        self.assertIsNone(rule["ticket"])

    def test_bad_sign_ups_change_nothing(self):
        before = self.api.snapshot()
        for body, code in (({"email": "cy@example.org", "components": ["Nope"]}, 422),
                           ({"email": "not-an-address"}, 422),
                           ({"email": "a@example.org", "webhook": "http://x"}, 422),
                           ({"webhook": "ftp://x"}, 422),
                           # Only 127.0.0.1 is allowed here: other non-public addresses are refused.
                           ({"webhook": "http://127.0.0.2/hook"}, 422),
                           ({"webhook": "http://169.254.169.254/latest/meta-data/"}, 422),
                           ({"webhook": "http://[::ffff:10.0.0.1]/hook"}, 422),
                           ({"email": "a@example.org", "extra": 1}, 422),
                           ("{broken", 400)):
            r = self.api.public("POST", "/status/subscribe", body,
                                {"Content-Type": "application/json"} if isinstance(body, str) else None)
            self.assertEqual(r.status, code, (body, r.body))
            if "169.254" in str(body):
                self.assertIn("169.254.169.254 is a link-local address, refused unless "
                              "webhooks.allow_private_networks lists it", r.body.decode())
        self.assertEqual(self.api.public("GET", "/status/confirm?token=1.c." + "a" * 64).status, 400)
        self.assertEqual(self.api.snapshot(), before)

    def test_sign_ups_are_limited_per_address(self):
        # The limit is 6 an hour per client (here named by the trusted proxy's X-Forwarded-For).
        for n in range(6):
            self.subscribe({"email": f"limit{n}@example.org"}, client="203.0.113.9")
        r = self.subscribe({"email": "one-too-many@example.org"}, expect=429, client="203.0.113.9")
        self.assertEqual(r.headers.get("Retry-After"), "3600")
        self.subscribe({"email": "someone-else@example.org"}, client="203.0.113.10")
        self.assertEqual(self.api.db.query("SELECT count(*) FROM status_subscribers "
                                           "WHERE address = 'one-too-many@example.org'"), "0")


if __name__ == "__main__":
    unittest.main()
