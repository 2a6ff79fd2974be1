# SPDX-License-Identifier: Apache-2.0
"""Proactive notifications end to end (POST /api/v1/support/notifications, frontdesk notify):
a WhatsApp customer opted in (they wrote to us, or their opt-in was recorded) gets the
template's approved WhatsApp counterpart outside the 24-hour window, with its parameters,
at the mock Graph API; a customer who wrote STOP is refused (409 not_opted_in) and nothing
reaches the Graph API until they write START; a customer without WhatsApp gets the e-mail in their language through
a real SMTP peer; a repeated idempotency key sends nothing more; bad input changes nothing."""
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "fixtures", "providers"))

from api_client import ADMIN_TOKEN  # noqa: E402
from daemon_harness import RunningDaemon, free_port, http, wait_until  # noqa: E402
from mock_providers import GraphApiMock  # noqa: E402
from smtp_sink import SmtpSink  # noqa: E402

SHIPPED_RULES = os.path.abspath(os.path.join(HERE, "..", "..", "..", "rules"))
APP_SECRET = "notify-app-secret"
PHONE_ID = "106540352242922"
CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")


class Notifications(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.graph = GraphApiMock()
        cls.sink = SmtpSink()
        channels = ("  webform: { enabled: false }\n"
                    "  whatsapp:\n    enabled: true\n"
                    f"    phone_number_id: \"{PHONE_ID}\"\n    access_token: test-access-token\n"
                    f"    app_secret: {APP_SECRET}\n    verify_token: v\n    api_base: {cls.graph.api_base}\n"
                    "  email:\n    enabled: true\n    address: help@example.com\n"
                    f"    listen: 127.0.0.1:{free_port()}\n"
                    f"    outbound: {{ host: 127.0.0.1, port: {cls.sink.port} }}\n")
        cls.d = RunningDaemon(channels=channels, env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN},
                              extra=f"rules: {{ dir: {SHIPPED_RULES} }}\n"
                                    "outbox: { poll_interval: 200ms, backoff_base: 100ms }\n")
        cls.db = cls.d.db

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.graph.close()
        cls.sink.stop()
        assert code == 0

    def call(self, method, path, body=None):
        text = body if body is None or isinstance(body, str) else json.dumps(body)
        return http(method, self.d.base + "/api/v1/support" + path, text,
                    {"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN})

    def notify(self, customer, template, variables, key, channels=None, expect=201):
        body = {"customer": customer, "template": template, "variables": variables, "idempotencyKey": key}
        if channels is not None:
            body["channels"] = channels
        r = self.call("POST", "/notifications", body)
        self.assertEqual(r.status, expect, r.body)
        return r.json()

    def whatsapp_message(self, wa_id, name, text, wamid):
        """A signed message from `wa_id` to the WhatsApp webhook."""
        payload = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1", "phone_number_id": PHONE_ID},
                "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                "messages": [{"from": wa_id, "id": wamid, "timestamp": str(int(time.time())),
                              "type": "text", "text": {"body": text}}]}}]}]}).encode()
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), payload, hashlib.sha256).hexdigest()
        r = http("POST", self.d.base + "/webhooks/whatsapp", payload,
                 {"Content-Type": "application/json", "X-Hub-Signature-256": signature})
        self.assertEqual(r.status, 200, r.body)

    def whatsapp_customer(self, wa_id, name, days_ago=2):
        """A customer who wrote to us on WhatsApp `days_ago` days ago (signed webhook, then aged)."""
        self.whatsapp_message(wa_id, name, "Hello, where is my order?", f"wamid.IN{wa_id}")
        customer = self.db.query(f"SELECT customer_id FROM customer_identities WHERE kind = 'whatsapp' AND value = '{wa_id}'")
        self.db.query(f"UPDATE messages m SET created_at = now() - interval '{days_ago} days' FROM tickets t "
                      f"WHERE m.ticket_id = t.id AND t.customer_id = {customer}")
        return int(customer)

    def graph_sends_to(self, wa_id):
        """The templates sent to `wa_id` (the shipped rules' acknowledgement of the customer's
        first message goes out as text inside the window)."""
        return [s.json() for s in self.graph.sends()
                if s.json().get("to") == wa_id and s.json().get("type") == "template"]

    def sends_mentioning(self, wa_id, text):
        """Anything sent to `wa_id` whose request carries `text` (a template's parameter or free text)."""
        return [s.json() for s in self.graph.sends() if s.json().get("to") == wa_id and text in s.body.decode()]

    def snapshot(self):
        return self.db.query(
            "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
            " SELECT n::text AS x FROM customer_notifications n UNION ALL SELECT o::text FROM outbox o"
            " UNION ALL SELECT i::text FROM customer_opt_ins i UNION ALL SELECT a::text FROM audit_events a"
            " WHERE a.event LIKE 'customer.%') q")

    def test_whatsapp_template_outside_the_window_once_per_key(self):
        ann = self.whatsapp_customer("16315550101", "Ann Lee")
        sent = self.notify({"phone": "+16315550101"}, "order_confirmation",
                           {"order_number": "A-100", "total": "€12.00"}, "order-A-100")["notification"]
        self.assertEqual((sent["customerId"], sent["channel"], sent["to"]), (ann, "whatsapp", "16315550101"))
        request = wait_until(lambda: (self.graph_sends_to("16315550101") or [None])[0], 30, "the Graph API send")
        self.assertEqual(request["type"], "template")
        self.assertEqual(request["template"]["name"], "order_confirmation")
        self.assertEqual([p["text"] for p in request["template"]["components"][0]["parameters"]], ["A-100", "€12.00"])
        wait_until(lambda: self.db.query(f"SELECT o.status FROM outbox o JOIN customer_notifications n "
                                         f"ON n.outbox_id = o.id WHERE n.id = {sent['id']}") == "sent", 30, "sent")
        # On the customer's record, with its audit event.
        self.assertEqual(self.db.query(f"SELECT count(*) FROM audit_events WHERE event = 'customer.notified' "
                                       f"AND (data->>'customerId')::bigint = {ann}"), "1")
        # The same key again: the first notification, nothing sent twice.
        again = self.notify({"id": ann}, "order_confirmation", {"order_number": "A-100", "total": "€12.00"},
                            "order-A-100", expect=200)
        self.assertTrue(again["replayed"])
        self.assertEqual(again["notification"]["id"], sent["id"])
        self.assertEqual(self.db.query("SELECT count(*) FROM outbox WHERE to_value = '16315550101' "
                                       "AND metadata ? 'customerId'"), "1")
        # The key used for something else is a conflict.
        other = self.call("POST", "/notifications", {"customer": {"id": ann}, "template": "order_ready",
                                                     "variables": {"order_number": "A-100"},
                                                     "idempotencyKey": "order-A-100"})
        self.assertEqual(other.status, 409, other.body)

    def test_opted_out_customer_is_refused_and_nothing_reaches_the_graph_api(self):
        bea = self.whatsapp_customer("16315550202", "Bea Ruiz")
        self.whatsapp_message("16315550202", "Bea Ruiz", "STOP", "wamid.STOP16315550202")
        wait_until(lambda: self.db.query("SELECT keyword FROM channel_opt_outs WHERE channel = 'whatsapp' "
                                         "AND identity_value = '16315550202'") == "STOP", 30, "Bea's STOP to be recorded")
        before = self.snapshot()
        r = self.call("POST", "/notifications", {"customer": {"id": bea}, "template": "order_ready",
                                                 "variables": {"order_number": "B-1"}, "idempotencyKey": "b-1",
                                                 "channels": ["whatsapp"]})
        self.assertEqual(r.status, 409, r.body)
        self.assertEqual(r.json()["error"]["code"], "not_opted_in")
        self.assertIn("whatsapp: opted out", r.json()["error"]["message"])
        self.assertEqual(self.snapshot(), before)
        # The control: a customer who is opted in, notified after her, reaches the Graph API;
        # by then anything queued for Bea would have gone too.
        cid = self.whatsapp_customer("16315550203", "Cid Park")
        self.notify({"id": cid}, "order_ready", {"order_number": "C-1"}, "c-1")
        wait_until(lambda: self.graph_sends_to("16315550203"), 30, "the control's send")
        self.assertEqual(self.sends_mentioning("16315550202", "B-1"), [])
        # START opts her back in: the same notification then goes out.
        self.whatsapp_message("16315550202", "Bea Ruiz", "start", "wamid.START16315550202")
        wait_until(lambda: self.db.query("SELECT count(*) FROM channel_opt_outs WHERE identity_value = '16315550202'")
                   == "0", 30, "Bea's START to be recorded")
        self.notify({"id": bea}, "order_ready", {"order_number": "B-1"}, "b-1", channels=["whatsapp"])
        # She wrote just now, so inside the window it goes as text.
        sent = wait_until(lambda: self.sends_mentioning("16315550202", "B-1"), 30, "Bea's send after START")
        self.assertEqual(sent[0]["type"], "text")

    def test_email_when_there_is_no_whatsapp_in_the_customers_language(self):
        r = self.call("POST", "/tokens", {"role": "customer", "email": "dora@example.org"})
        dora = r.json()["customerId"]
        self.db.query(f"UPDATE customers SET language = 'es' WHERE id = {dora}")
        sent = self.notify({"email": "Dora@Example.org"}, "payment_received",
                           {"amount": "30 €", "invoice_number": "F-9"}, "pay-F-9",
                           channels=["whatsapp", "email"])["notification"]
        self.assertEqual((sent["channel"], sent["language"]), ("email", "es"))
        mail = wait_until(lambda: (self.sink.to("dora@example.org") or [None])[0], 30, "the e-mail")
        self.assertEqual(mail["Subject"], "Pago recibido: 30 €")
        self.assertIn("factura F-9", mail.get_content())

    def test_opt_in_is_recorded_and_the_cli_sends_the_same(self):
        self.db.query("INSERT INTO customers (name) VALUES ('Eve Kim')")
        eve = int(self.db.query("SELECT max(id) FROM customers"))
        self.db.query(f"INSERT INTO customer_identities (kind, value, customer_id) VALUES ('whatsapp', '16315550404', {eve})")
        # Never wrote to us and no opt-in: refused.
        r = self.call("POST", "/notifications", {"customer": {"id": eve}, "template": "order_ready",
                                                 "variables": {"order_number": "E-1"}, "idempotencyKey": "e-1",
                                                 "channels": ["whatsapp"]})
        self.assertEqual((r.status, r.json()["error"]["code"]), (409, "not_opted_in"))
        self.assertIn("no opt-in", r.json()["error"]["message"])
        recorded = self.call("POST", f"/customers/{eve}/opt-in", {"channel": "whatsapp"})
        self.assertEqual(recorded.status, 201, recorded.body)
        self.assertEqual(self.call("POST", f"/customers/{eve}/opt-in", {"channel": "whatsapp"}).status, 200)
        self.assertEqual(self.call("POST", f"/customers/{eve}/opt-in", {"channel": "pigeon"}).status, 422)
        self.assertEqual(self.call("POST", "/customers/999999/opt-in", {"channel": "whatsapp"}).status, 404)
        out = subprocess.run([CLI, "notify", "--config", self.d.daemon.config_path, "--customer", str(eve),
                              "--template", "order_ready", "--var", "order_number=E-1", "--key", "e-1",
                              "--channel", "whatsapp"], capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("by whatsapp to 16315550404", out.stdout)
        request = wait_until(lambda: (self.graph_sends_to("16315550404") or [None])[0], 30, "the CLI's send")
        self.assertEqual(request["template"]["name"], "order_ready")
        # A missing variable on the command line is the API's clear error, exit 1.
        bad = subprocess.run([CLI, "notify", "--config", self.d.daemon.config_path, "--customer", str(eve),
                              "--template", "order_ready", "--key", "e-2"], capture_output=True, text=True, timeout=120)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("needs the variables: order_number", bad.stderr)

    def test_bad_input_changes_nothing(self):
        ann_like = self.whatsapp_customer("16315550505", "Fay Ng")
        before = self.snapshot()
        good = {"customer": {"id": ann_like}, "template": "invoice_reminder",
                "variables": {"invoice_number": "I-1", "amount": "5 €", "due_date": "1 June"}, "idempotencyKey": "i-1"}
        cases = [
            (dict(good, variables={"invoice_number": "I-1"}), 422, "missing_variables", "amount, due_date"),
            (dict(good, template="no_such_template"), 422, "validation_failed", "no_such_template"),
            (dict(good, customer={"id": 999999}), 404, "not_found", "customer"),
            (dict(good, customer={"id": ann_like, "email": "x@example.org"}), 422, "validation_failed", "exactly one"),
            (dict(good, channels=["pigeon"]), 422, "validation_failed", "pigeon"),
            ({k: v for k, v in good.items() if k != "idempotencyKey"}, 422, "validation_failed", "idempotencyKey"),
            (dict(good, variables={"invoice_number": ["I-1"]}), 422, "validation_failed", "invoice_number"),
            (dict(good, extra=1), 422, "validation_failed", "extra"),
        ]
        for body, status, code, words in cases:
            r = self.call("POST", "/notifications", body)
            self.assertEqual(r.status, status, (body, r.body))
            self.assertEqual(r.json()["error"]["code"], code, r.body)
            self.assertIn(words, r.json()["error"]["message"])
        self.assertEqual(self.call("POST", "/notifications", "{not json").status, 400)
        self.assertEqual(self.snapshot(), before)
        # The same body, well formed, goes through: the control.
        self.notify(good["customer"], good["template"], good["variables"], good["idempotencyKey"])
        self.assertNotEqual(self.snapshot(), before)


if __name__ == "__main__":
    unittest.main()
