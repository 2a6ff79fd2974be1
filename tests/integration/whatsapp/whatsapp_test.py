# SPDX-License-Identifier: Apache-2.0
"""The WhatsApp channel end to end: frontdeskd with whatsapp.so, real PostgreSQL, and a
mock Graph API on loopback. Payloads follow Meta's published webhook examples (sources in
tests/fixtures/providers/README.md)."""
import hashlib
import hmac
import json
import os
import sys
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "fixtures", "providers"))

from daemon_harness import FAST_OUTBOX, RunningDaemon, http, wait_until  # noqa: E402
from mock_providers import GraphApiMock  # noqa: E402

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "verify-me"
PHONE_ID = "106540352242922"
WA_ID = "16315551181"


def sign(body):
    return "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()


def envelope(value):
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398",
                       "changes": [{"field": "messages",
                                    "value": dict({"messaging_product": "whatsapp",
                                                   "metadata": {"display_phone_number": "15550783881",
                                                                "phone_number_id": PHONE_ID}},
                                                  **value)}]}]}


def message(wamid, kind, content, wa_id=WA_ID, name="Sheena Nelson"):
    return envelope({"contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                     "messages": [dict({"from": wa_id, "id": wamid, "timestamp": str(int(time.time())),
                                        "type": kind}, **content)]})


class WhatsAppTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.graph = GraphApiMock()
        channels = ("  webform: { enabled: false }\n"
                    "  whatsapp:\n"
                    "    enabled: true\n"
                    f"    phone_number_id: \"{PHONE_ID}\"\n"
                    "    access_token: test-access-token\n"
                    f"    app_secret: {APP_SECRET}\n"
                    f"    verify_token: {VERIFY_TOKEN}\n"
                    f"    api_base: {cls.graph.api_base}\n"
                    "    template_name: support_update\n")
        cls.running = RunningDaemon(channels, extra=FAST_OUTBOX)
        cls.db, cls.base = cls.running.db, cls.running.base

    @classmethod
    def tearDownClass(cls):
        code = cls.running.stop()
        cls.graph.close()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def post(self, payload, signature=True, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature is True:
            headers["X-Hub-Signature-256"] = sign(body)
        elif signature:
            headers["X-Hub-Signature-256"] = signature
        return http("POST", self.base + "/webhooks/whatsapp", body, headers)

    def q(self, sql):
        return self.db.query(sql)

    def queue_reply(self, wa_id, body, metadata="{}"):
        """Writes an outbound message and its outbox row the way the API and rules do."""
        return self.q(f"""
            WITH t AS (SELECT t.id FROM tickets t JOIN customer_identities ci ON ci.customer_id = t.customer_id
                       WHERE ci.kind = 'whatsapp' AND ci.value = '{wa_id}' ORDER BY t.id DESC LIMIT 1),
            m AS (INSERT INTO messages (ticket_id, direction, author_kind, channel, body, delivery_status)
                  SELECT id, 'outbound', 'agent', 'whatsapp', '{body}', 'queued' FROM t RETURNING id, ticket_id)
            INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, body, metadata)
            SELECT id, ticket_id, 'whatsapp', 'whatsapp', '{wa_id}', '{body}', '{metadata}'::jsonb FROM m
            RETURNING message_id""")

    def wait_outbox(self, message_id, status):
        return wait_until(lambda: self.q(f"SELECT status FROM outbox WHERE message_id = {message_id}") == status,
                          30, f"outbox row of message {message_id} to become {status}")

    # --- handshake and signatures -------------------------------------------------------

    def test_verification_handshake(self):
        query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                        "hub.challenge": "1158201444"})
        r = http("GET", f"{self.base}/webhooks/whatsapp?{query}")
        self.assertEqual((r.status, r.body), (200, b"1158201444"))
        bad = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": "wrong",
                                      "hub.challenge": "1158201444"})
        self.assertEqual(http("GET", f"{self.base}/webhooks/whatsapp?{bad}").status, 403)

    def test_missing_or_wrong_signature_is_401_and_stores_nothing(self):
        payload = message("wamid.UNSIGNED1", "text", {"text": {"body": "unsigned"}})
        before = self.q("SELECT count(*) FROM messages")
        self.assertEqual(self.post(payload, signature=None).status, 401)
        self.assertEqual(self.post(payload, signature="sha256=" + "0" * 64).status, 401)
        tampered = json.dumps(payload).encode()
        self.assertEqual(self.post(None, signature=sign(tampered), raw=tampered.replace(b"unsigned", b"UNSIGNED")).status, 401)
        self.assertEqual(self.q("SELECT count(*) FROM messages"), before)

    def test_malformed_payload_is_400(self):
        self.assertEqual(self.post(None, raw=b"{not json").status, 400)
        self.assertEqual(self.post({"object": "page", "entry": []}).status, 400)

    # --- message types ------------------------------------------------------------------

    def test_text_creates_ticket_with_identity_and_redelivery_is_ignored(self):
        payload = message("wamid.TEXT0001", "text", {"text": {"body": "My order never arrived"}},
                          wa_id="16315550001", name="Kerry Fisher")
        r = self.post(payload)
        self.assertEqual(r.status, 200, r.body)
        row = self.q("SELECT c.name, t.subject, m.body, m.metadata->>'waType' FROM messages m "
                     "JOIN tickets t ON t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id "
                     "WHERE m.external_id = 'wamid.TEXT0001'")
        self.assertEqual(row, "Kerry Fisher|My order never arrived|My order never arrived|text")
        self.assertEqual(self.q("SELECT count(*) FROM customer_identities WHERE kind = 'whatsapp' "
                                "AND value = '16315550001'"), "1")
        # Redelivery: 200, nothing new.
        self.assertEqual(self.post(payload).status, 200)
        self.assertEqual(self.q("SELECT count(*) FROM messages WHERE external_id = 'wamid.TEXT0001'"), "1")
        # A second message from the same customer lands on the same ticket.
        self.assertEqual(self.post(message("wamid.TEXT0002", "text", {"text": {"body": "Any news?"}},
                                           wa_id="16315550001")).status, 200)
        self.assertEqual(self.q("SELECT count(DISTINCT ticket_id) FROM messages m JOIN inbound_receipts r "
                                "ON r.message_id = m.id WHERE r.external_id IN ('wamid.TEXT0001', 'wamid.TEXT0002')"),
                         "1")

    def test_image_and_document_are_downloaded_as_attachments(self):
        self.graph.media["1104480873777230"] = ("image/jpeg", b"\xff\xd8\xffJPEGDATA")
        self.graph.media["2104480873777231"] = ("application/pdf", b"%PDF-1.4 invoice")
        r = self.post(message("wamid.IMG0001", "image",
                              {"image": {"caption": "The broken part", "mime_type": "image/jpeg",
                                         "sha256": "abc", "id": "1104480873777230"}}, wa_id="16315550002"))
        self.assertEqual(r.status, 200, r.body)
        r = self.post(message("wamid.DOC0001", "document",
                              {"document": {"filename": "invoice.pdf", "mime_type": "application/pdf",
                                            "sha256": "def", "id": "2104480873777231"}}, wa_id="16315550002"))
        self.assertEqual(r.status, 200, r.body)
        rows = self.q("SELECT a.filename, a.content_type, a.size FROM attachments a JOIN messages m "
                      "ON m.id = a.message_id WHERE m.external_id IN ('wamid.IMG0001', 'wamid.DOC0001') "
                      "ORDER BY a.filename").splitlines()
        self.assertEqual(rows, ["image-1104480873777230.jpg|image/jpeg|11", "invoice.pdf|application/pdf|16"])
        self.assertEqual(self.q("SELECT body FROM messages WHERE external_id = 'wamid.IMG0001'"), "The broken part")
        media_gets = [rq for rq in self.graph.requests if rq.method == "GET"]
        self.assertTrue(all(rq.headers.get("Authorization") == "Bearer test-access-token" for rq in media_gets))

    def test_location_interactive_and_reaction(self):
        wa = "16315550003"
        self.assertEqual(self.post(message("wamid.LOC0001", "location",
                                           {"location": {"latitude": 38.9, "longitude": -77.03,
                                                         "name": "Main office", "address": "1 Main St"}},
                                           wa_id=wa)).status, 200)
        self.assertEqual(self.post(message("wamid.BTN0001", "interactive",
                                           {"interactive": {"type": "button_reply",
                                                            "button_reply": {"id": "yes-1", "title": "Yes"}}},
                                           wa_id=wa)).status, 200)
        self.assertEqual(self.post(message("wamid.LST0001", "interactive",
                                           {"interactive": {"type": "list_reply",
                                                            "list_reply": {"id": "opt-2", "title": "Billing",
                                                                           "description": "Invoices"}}},
                                           wa_id=wa)).status, 200)
        self.assertEqual(self.post(message("wamid.RCT0001", "reaction",
                                           {"reaction": {"message_id": "wamid.LOC0001", "emoji": "\U0001F44D"}},
                                           wa_id=wa)).status, 200)
        bodies = self.q("SELECT external_id || '=' || body FROM messages WHERE external_id IN "
                        "('wamid.LOC0001', 'wamid.BTN0001', 'wamid.LST0001', 'wamid.RCT0001') ORDER BY id").splitlines()
        self.assertEqual(len(bodies), 4, bodies)
        self.assertRegex(bodies[0], r"^wamid\.LOC0001=Location: Main office, 1 Main St \(38\.9\d*, -77\.03\d*\)$")
        self.assertEqual(bodies[1:], ["wamid.BTN0001=Yes", "wamid.LST0001=Billing",
                                      "wamid.RCT0001=[reacted \U0001F44D]"])
        self.assertEqual(self.q("SELECT metadata->>'replyId' FROM messages WHERE external_id = 'wamid.LST0001'"), "opt-2")

    # --- outbound, the window, statuses ---------------------------------------------------

    def test_reply_inside_window_is_text_and_statuses_update_it(self):
        wa = "16315550004"
        self.assertEqual(self.post(message("wamid.WIN0001", "text", {"text": {"body": "Hello"}}, wa_id=wa)).status, 200)
        message_id = self.queue_reply(wa, "Hi, how can we help?")
        self.wait_outbox(message_id, "sent")
        send = [r for r in self.graph.sends() if r.json()["to"] == wa][-1]
        self.assertEqual(send.path, f"/v19.0/{PHONE_ID}/messages")
        self.assertEqual(send.headers["Authorization"], "Bearer test-access-token")
        self.assertEqual(send.json()["type"], "text")
        self.assertEqual(send.json()["text"]["body"], "Hi, how can we help?")
        wamid = self.q(f"SELECT external_id FROM messages WHERE id = {message_id}")
        self.assertTrue(wamid.startswith("wamid.MOCK"))
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {message_id}"), "sent")
        for status in ("delivered", "read"):
            r = self.post(envelope({"statuses": [{"id": wamid, "status": status, "timestamp": "1700000000",
                                                  "recipient_id": wa}]}))
            self.assertEqual(r.status, 200)
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {message_id}"), "read")
        # A late "delivered" never moves it back.
        self.post(envelope({"statuses": [{"id": wamid, "status": "delivered", "recipient_id": wa}]}))
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {message_id}"), "read")

    def test_a_status_that_beats_the_send_answer_is_applied_when_the_id_is_recorded(self):
        wa = "16315550008"
        self.post(message("wamid.EAR0001", "text", {"text": {"body": "Hi"}}, wa_id=wa))
        early = []

        def report_first(wamid):
            r = self.post(envelope({"statuses": [{"id": wamid, "status": "read", "recipient_id": wa}]}))
            early.append((wamid, r.status))
            # The report is kept: the message does not carry the wamid yet.
            early.append(self.q(f"SELECT status FROM early_delivery_reports WHERE external_id = '{wamid}'"))

        self.graph.before_answer = report_first
        try:
            message_id = self.queue_reply(wa, "Reply")
            self.wait_outbox(message_id, "sent")
        finally:
            self.graph.before_answer = None
        wamid = self.q(f"SELECT external_id FROM messages WHERE id = {message_id}")
        self.assertEqual(early, [(wamid, 200), "read"])
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {message_id}"), "read")
        self.assertEqual(self.q(f"SELECT count(*) FROM early_delivery_reports WHERE external_id = '{wamid}'"), "0")
        self.assertEqual(self.q(f"SELECT count(*) FROM audit_events WHERE event = 'message.delivery' "
                                f"AND data ->> 'messageId' = '{message_id}' AND new_value = '\"read\"'"), "1")

    def test_failed_status_records_the_error(self):
        wa = "16315550005"
        self.post(message("wamid.FST0001", "text", {"text": {"body": "Hi"}}, wa_id=wa))
        message_id = self.queue_reply(wa, "Reply")
        self.wait_outbox(message_id, "sent")
        wamid = self.q(f"SELECT external_id FROM messages WHERE id = {message_id}")
        r = self.post(envelope({"statuses": [{"id": wamid, "status": "failed", "recipient_id": wa,
                                              "errors": [{"code": 131026, "title": "Message undeliverable"}]}]}))
        self.assertEqual(r.status, 200)
        self.assertEqual(self.q(f"SELECT delivery_status || '|' || delivery_error FROM messages WHERE id = {message_id}"),
                         "failed|131026 Message undeliverable")

    def test_outside_window_uses_the_template(self):
        wa = "16315550006"
        self.post(message("wamid.OLD0001", "text", {"text": {"body": "Old question"}}, wa_id=wa))
        self.q("UPDATE messages SET created_at = now() - interval '25 hours' WHERE external_id = 'wamid.OLD0001'")
        message_id = self.queue_reply(wa, "Your refund was issued")
        self.wait_outbox(message_id, "sent")
        send = [r for r in self.graph.sends() if r.json()["to"] == wa][-1].json()
        self.assertEqual(send["type"], "template")
        self.assertEqual(send["template"]["name"], "support_update")
        self.assertEqual(send["template"]["components"][0]["parameters"][0]["text"], "Your refund was issued")

    def test_csat_survey_is_an_interactive_list_and_its_answer_is_recorded(self):
        wa = "16315550007"
        self.post(message("wamid.SRV0001", "text", {"text": {"body": "Thanks, solved"}}, wa_id=wa))
        ticket = self.q("SELECT ticket_id FROM messages WHERE external_id = 'wamid.SRV0001'")
        self.q(f"INSERT INTO surveys (ticket_id, channel, expires_at) VALUES ({ticket}, 'whatsapp', now() + interval '7 days')")
        message_id = self.queue_reply(wa, "How did we do?", '{"survey": "csat"}')
        self.wait_outbox(message_id, "sent")
        send = [r for r in self.graph.sends() if r.json()["to"] == wa][-1].json()
        self.assertEqual(send["type"], "interactive")
        rows = send["interactive"]["action"]["sections"][0]["rows"]
        self.assertEqual(sorted(r["id"] for r in rows), ["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"])
        r = self.post(message("wamid.SRV0002", "interactive",
                              {"interactive": {"type": "list_reply", "list_reply": {"id": "csat:4", "title": "4 - Good"}}},
                              wa_id=wa))
        self.assertEqual(r.status, 200)
        self.assertEqual(self.q(f"SELECT rating FROM surveys WHERE ticket_id = {ticket}"), "4")
        self.assertEqual(self.q(f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket} AND event = 'survey.answered'"), "1")

    def test_digit_answers_a_pending_survey(self):
        wa = "16315550008"
        self.post(message("wamid.DIG0001", "text", {"text": {"body": "Hello"}}, wa_id=wa))
        ticket = self.q("SELECT ticket_id FROM messages WHERE external_id = 'wamid.DIG0001'")
        self.q(f"INSERT INTO surveys (ticket_id, channel, expires_at) VALUES ({ticket}, 'whatsapp', now() + interval '7 days')")
        self.assertEqual(self.post(message("wamid.DIG0002", "text", {"text": {"body": " 5 "}}, wa_id=wa)).status, 200)
        self.assertEqual(self.q(f"SELECT rating FROM surveys WHERE ticket_id = {ticket}"), "5")

    def test_customer_commands_status_agent_close(self):
        wa = "16315550010"
        self.post(message("wamid.CMD0001", "text", {"text": {"body": "My screen is cracked"}}, wa_id=wa))
        ticket, number = self.q("SELECT t.id || '|' || t.number FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                                "WHERE m.external_id = 'wamid.CMD0001'").split("|")

        def reply(n):
            """The text of the n-th message sent to the customer, once it was sent."""
            def sent():
                rows = [r.json() for r in self.graph.sends() if r.json()["to"] == wa]
                return rows[n - 1]["text"]["body"] if len(rows) >= n else None
            return wait_until(sent, 30, f"reply {n} to {wa}")

        self.assertEqual(self.post(message("wamid.CMD0002", "text", {"text": {"body": "status"}}, wa_id=wa)).status, 200)
        self.assertEqual(reply(1), f"Ticket {number} is open.")
        self.assertEqual(self.post(message("wamid.CMD0003", "text", {"text": {"body": "Agent"}}, wa_id=wa)).status, 200)
        self.assertIn(number, reply(2))
        self.assertEqual(self.q(f"SELECT 'agent-requested' = ANY (tags) FROM tickets WHERE id = {ticket}"), "t")
        self.assertEqual(self.post(message("wamid.CMD0004", "text", {"text": {"body": "close"}}, wa_id=wa)).status, 200)
        self.assertEqual(reply(3), f"Ticket {number} is closed. Write to us again any time.")
        self.assertEqual(self.q(f"SELECT status FROM tickets WHERE id = {ticket}"), "closed")
        self.assertEqual(self.q(f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket} "
                                "AND event = 'status.changed' AND new_value = '\"closed\"'"), "1")
        # The customer closed it, through the same write path as an agent's close.
        self.assertEqual(self.q(f"SELECT actor_kind || ' ' || (data ->> 'resolutionType') FROM audit_events "
                                f"WHERE ticket_id = {ticket} AND event = 'status.changed'"), "customer other")
        self.assertEqual(self.q(f"SELECT string_agg(new_value #>> '{{}}', ',' ORDER BY id) FROM audit_events "
                                f"WHERE ticket_id = {ticket} AND event = 'customer.command'"), "status,agent,close")
        # Meta redelivers a webhook it is not sure arrived: the command is not done twice.
        self.assertEqual(self.post(message("wamid.CMD0003", "text", {"text": {"body": "Agent"}}, wa_id=wa)).status, 200)
        self.assertEqual(self.q(f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket} "
                                "AND event = 'customer.command' AND new_value = '\"agent\"'"), "1")
        self.assertEqual(self.q(f"SELECT count(*) FROM messages WHERE ticket_id = {ticket} AND metadata ? 'command' "
                                "AND direction = 'outbound'"), "3")

    def test_retries_after_500_then_dead_letter(self):
        wa = "16315550009"
        self.post(message("wamid.RTY0001", "text", {"text": {"body": "Hi"}}, wa_id=wa))
        self.graph.fail_next(1, 500)
        message_id = self.queue_reply(wa, "First try fails")
        self.wait_outbox(message_id, "sent")
        self.assertEqual(self.q(f"SELECT attempts FROM outbox WHERE message_id = {message_id}"), "2")
        self.graph.fail_next(3, 503)
        dead_id = self.queue_reply(wa, "Always fails")
        self.wait_outbox(dead_id, "dead")
        self.assertEqual(self.q(f"SELECT attempts FROM outbox WHERE message_id = {dead_id}"), "3")
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {dead_id}"), "failed")
        self.assertIn("gave up after 3 attempts", self.q(f"SELECT delivery_error FROM messages WHERE id = {dead_id}"))


if __name__ == "__main__":
    unittest.main()
