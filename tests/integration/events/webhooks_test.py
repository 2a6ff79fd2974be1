# SPDX-License-Identifier: Apache-2.0
"""Outbound webhooks against a local HTTP receiver: deliveries are signed (checked here with
Python's hmac), a 500 is retried (the first retry well within 30 s), a receiver that keeps
failing dead-letters the delivery after webhooks.max_attempts, every delivery is listed, the
secret is never answered nor logged, two daemons deliver each event once, and non-public
destinations are refused unless webhooks.allow_private_networks lists them."""
import hashlib
import hmac
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from events_harness import ADMIN_TOKEN, EventsApi, SecondDaemon, wait_until

OUTBOX = "outbox: { backoff_base: 300ms, backoff_max: 600ms, poll_interval: 200ms }\n"
# The receiver listens on loopback, which webhooks may reach only when allowed.
EXTRA = OUTBOX + "webhooks: { max_attempts: 3, allow_private_networks: [127.0.0.1] }\n"
REFUSED = " is a loopback address, refused unless webhooks.allow_private_networks lists it"
SECRET = "whsec_test_5f0c1d2e3a4b"


class Receiver:
    """/ok answers 200, /flaky 500 once then 200, /down always 500."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    seen = sum(1 for r in receiver.requests if r["path"] == self.path)
                    status = 200 if self.path == "/ok" else 500 if self.path == "/down" or seen == 0 else 200
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                              "status": status, "at": time.monotonic()})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def verify(secret, header, body):
    parts = dict(p.split("=", 1) for p in header.split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


class WebhooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = EventsApi(extra=EXTRA)
        cls.receiver = Receiver()
        _, cls.customer = cls.api.customer("hooked@example.com")

    @classmethod
    def tearDownClass(cls):
        cls.receiver.close()
        assert cls.api.stop() == 0

    def register(self, path, events):
        return self.register_url(self.receiver.url + path, events)

    def register_url(self, url, events):
        r = self.api.call("POST", "/webhooks", {"url": url, "events": events, "secret": SECRET}, expect=201)
        hook = r["webhook"]
        self.addCleanup(lambda: self.api.call("DELETE", f"/webhooks/{hook['id']}"))
        return hook

    def deliveries(self, hook):
        return self.api.call("GET", f"/webhooks/{hook['id']}/deliveries", expect=200)["deliveries"]

    def test_deliveries_are_signed_and_carry_the_event(self):
        hook = self.register("/ok", ["ticket.created"])
        self.assertNotIn("secret", hook)
        t = self.api.ticket(self.customer, subject="signed")
        got = wait_until(lambda: [r for r in self.receiver.to("/ok")
                                  if json.loads(r["body"])["ticket"]["id"] == t["id"]], 20, "the delivery")
        self.assertEqual(len(got), 1)
        r = got[0]
        self.assertTrue(verify(SECRET, r["headers"]["X-Frontdesk-Signature"], r["body"]))
        self.assertFalse(verify("wrong-secret", r["headers"]["X-Frontdesk-Signature"], r["body"]))
        self.assertFalse(verify(SECRET, r["headers"]["X-Frontdesk-Signature"], r["body"] + b" "))
        payload = json.loads(r["body"])
        self.assertEqual(payload["type"], "ticket.created")
        self.assertEqual(r["headers"]["X-Frontdesk-Event"], "ticket.created")
        self.assertEqual(payload["ticket"]["ticketNumber"], t["ticketNumber"])
        self.assertEqual(int(self.api.db.query(f"SELECT event_id FROM webhook_deliveries WHERE webhook_id = {hook['id']}")),
                         payload["id"])
        # Only subscribed types: no message.received went to this hook.
        self.assertEqual({json.loads(x["body"])["type"] for x in self.receiver.to("/ok")}, {"ticket.created"})
        d = wait_until(lambda: [x for x in self.deliveries(hook) if x["status"] == "sent"], 10, "the log")
        self.assertEqual(d[0]["attempts"], 1)
        self.assertEqual(d[0]["eventId"], payload["id"])
        listed = self.api.call("GET", "/webhooks", expect=200)["webhooks"]
        self.assertIn(hook["id"], [w["id"] for w in listed])
        self.assertNotIn(SECRET, json.dumps(listed))
        self.assertNotIn(SECRET, self.api.d.daemon.logs())

    def test_a_500_is_retried_within_30_seconds(self):
        hook = self.register("/flaky", ["status.changed"])
        t = self.api.ticket(self.customer, subject="flaky")
        self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "in_progress"}, expect=200)
        got = wait_until(lambda: len(self.receiver.to("/flaky")) >= 2 and self.receiver.to("/flaky"), 30, "the retry")
        self.assertEqual([r["status"] for r in got[:2]], [500, 200])
        self.assertEqual(got[0]["body"], got[1]["body"])
        self.assertLess(got[1]["at"] - got[0]["at"], 30)
        self.assertTrue(verify(SECRET, got[1]["headers"]["X-Frontdesk-Signature"], got[1]["body"]))
        d = wait_until(lambda: [x for x in self.deliveries(hook) if x["status"] == "sent"], 10, "the log")
        self.assertEqual(d[0]["attempts"], 2)
        self.assertEqual(d[0]["type"], "status.changed")

    def test_a_receiver_that_keeps_failing_dead_letters_the_delivery(self):
        hook = self.register("/down", ["ticket.created"])
        self.api.ticket(self.customer, subject="nobody home")
        d = wait_until(lambda: [x for x in self.deliveries(hook) if x["status"] == "dead"], 30, "the dead letter")
        self.assertEqual(d[0]["attempts"], 3)
        self.assertIn("500", d[0]["lastError"])
        self.assertEqual(len(self.receiver.to("/down")), 3)

    def test_only_admins_manage_webhooks_and_input_is_checked(self):
        _, agent = self.api.agent("Hook Agent")
        r = self.api.raw("POST", "/webhooks", {"url": self.receiver.url + "/ok", "events": ["ticket.created"],
                                                "secret": SECRET}, token=agent)
        self.assertEqual(r.status, 403)
        self.assertEqual(self.api.raw("GET", "/webhooks").status, 401)
        for body in ({"url": "ftp://x", "events": ["ticket.created"], "secret": SECRET},
                     {"url": self.receiver.url, "events": ["ticket.exploded"], "secret": SECRET},
                     {"url": self.receiver.url, "events": [], "secret": SECRET},
                     {"url": self.receiver.url, "events": ["ticket.created"]}):
            self.assertEqual(self.api.raw("POST", "/webhooks", body, token="fdx_bootstrap_admin_for_tests_0123456789").status,
                             422, body)
        hook = self.api.call("POST", "/webhooks", {"url": self.receiver.url + "/ok", "events": ["ticket.created"],
                                                   "secret": SECRET}, expect=201)["webhook"]
        self.api.call("DELETE", f"/webhooks/{hook['id']}", expect=200)
        self.api.call("DELETE", f"/webhooks/{hook['id']}", expect=404)
        self.assertNotIn(hook["id"], [w["id"] for w in self.api.call("GET", "/webhooks", expect=200)["webhooks"]])
        self.api.call("GET", "/webhooks/999999/deliveries", expect=404)


    def test_only_allowed_non_public_addresses_are_accepted(self):
        port = self.receiver.server.server_address[1]
        before = self.api.db.query("SELECT count(*) FROM webhooks")
        for url, why in ((f"http://127.0.0.2:{port}/ok", "127.0.0.2" + REFUSED),
                         ("http://10.1.2.3/ok", "10.1.2.3 is a private address"),
                         ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
                         ("http://100.64.0.1/ok", "100.64.0.1 is a shared (CGNAT) address"),
                         ("http://[::1]/ok", "::1" + REFUSED),
                         ("http://[fd00::1]/ok", "fd00::1 is a unique-local address"),
                         ("http://[::ffff:192.168.0.1]/ok", "::ffff:192.168.0.1 is a private address")):
            r = self.api.raw("POST", "/webhooks", {"url": url, "events": ["ticket.created"], "secret": SECRET},
                             token=ADMIN_TOKEN)
            self.assertEqual(r.status, 422, url)
            self.assertIn("url: " + why, r.json()["error"]["message"])
        self.assertEqual(self.api.db.query("SELECT count(*) FROM webhooks"), before)
        # Positive control: a name resolving to the allowed 127.0.0.1 is delivered to.
        hook = self.register_url(f"http://localhost:{port}/ok", ["ticket.created"])
        self.api.ticket(self.customer, subject="named host")
        d = wait_until(lambda: [x for x in self.deliveries(hook) if x["status"] == "sent"], 20, "the delivery")
        self.assertEqual(d[0]["attempts"], 1)


class PrivateNetworksNotAllowedTest(unittest.TestCase):
    """Without webhooks.allow_private_networks, loopback is refused: a literal when the webhook
    is created, a name when what it resolves to is known, at delivery, once and for good."""

    def test_loopback_is_refused_at_creation_and_at_delivery(self):
        api = EventsApi(extra=OUTBOX + "webhooks: { max_attempts: 3 }\n")
        receiver = Receiver()
        try:
            port = receiver.server.server_address[1]
            r = api.raw("POST", "/webhooks", {"url": f"http://127.0.0.1:{port}/ok", "events": ["ticket.created"],
                                               "secret": SECRET}, token=ADMIN_TOKEN)
            self.assertEqual(r.status, 422)
            self.assertEqual(r.json()["error"]["message"], "url: 127.0.0.1" + REFUSED)
            self.assertEqual(api.db.query("SELECT count(*) FROM webhooks"), "0")
            # A name is accepted; it resolves to loopback, so the delivery fails without a retry.
            hook = api.call("POST", "/webhooks", {"url": f"http://localhost:{port}/ok", "events": ["ticket.created"],
                                                  "secret": SECRET}, expect=201)["webhook"]
            _, customer = api.customer("inside@example.com")
            api.ticket(customer, subject="rebinding")
            d = wait_until(lambda: [x for x in api.call("GET", f"/webhooks/{hook['id']}/deliveries", expect=200)
                                    ["deliveries"] if x["status"] == "failed"], 20, "the refused delivery")
            self.assertEqual(d[0]["attempts"], 1)
            self.assertEqual(d[0]["lastError"], f"webhook localhost:{port}: 127.0.0.1" + REFUSED)
            self.assertIsNone(d[0]["nextAttemptAt"])
            self.assertEqual(receiver.to("/ok"), [])
        finally:
            receiver.close()
            self.assertEqual(api.stop(), 0)


class TwoDaemonsWebhookTest(unittest.TestCase):
    def test_each_event_is_delivered_once_by_two_daemons(self):
        api = EventsApi(extra=EXTRA)
        second = SecondDaemon(api, extra=EXTRA)
        receiver = Receiver()
        try:
            hook = api.call("POST", "/webhooks", {"url": receiver.url + "/ok", "events": ["ticket.created"],
                                                  "secret": SECRET}, expect=201)["webhook"]
            _, customer = api.customer("once@example.com")
            tickets = [api.ticket(customer, subject=f"once {i}") for i in range(5)]
            wait_until(lambda: len(receiver.to("/ok")) >= 5, 30, "five deliveries")
            # Every event after them is delivered too; nothing twice.
            marker = api.ticket(customer, subject="marker")
            wait_until(lambda: any(json.loads(r["body"])["ticket"]["id"] == marker["id"] for r in receiver.to("/ok")),
                       30, "the marker")
            events = [json.loads(r["body"])["id"] for r in receiver.to("/ok")]
            self.assertEqual(len(events), len(set(events)))
            self.assertEqual(len(events), 6)
            self.assertEqual({json.loads(r["body"])["ticket"]["id"] for r in receiver.to("/ok")},
                             {t["id"] for t in tickets + [marker]})
            n = int(api.db.query(f"SELECT count(*) FROM webhook_deliveries WHERE webhook_id = {hook['id']}"))
            self.assertEqual(n, 6)
        finally:
            receiver.close()
            self.assertEqual(second.stop(), 0)
            self.assertEqual(api.stop(), 0)


if __name__ == "__main__":
    unittest.main()
