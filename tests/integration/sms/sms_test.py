# SPDX-License-Identifier: Apache-2.0
"""The SMS channel end to end: frontdeskd with sms.so, real PostgreSQL, and a mock Twilio
API on loopback. Webhook parameters follow Twilio's published messaging webhook and
status callback formats (sources in tests/fixtures/providers/README.md)."""
import base64
import hashlib
import hmac
import os
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "fixtures", "providers"))

from daemon_harness import FAST_OUTBOX, RunningDaemon, http, wait_until  # noqa: E402
from mock_providers import MediaStoreMock, TwilioMock  # noqa: E402

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "twilio-auth-token"
PUBLIC_URL = "https://desk.example.com/webhooks/sms"
OUR_NUMBER = "+15005550006"


def signature(url, params):
    data = url + "".join(k + v for k, v in sorted(params.items()))
    return base64.b64encode(hmac.new(TOKEN.encode(), data.encode(), hashlib.sha1).digest()).decode()


def inbound(sid, sender, body):
    return {"ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "",
            "FromZip": "", "SmsSid": sid, "FromState": "CA", "SmsStatus": "received", "FromCity": "",
            "Body": body, "FromCountry": "US", "To": OUR_NUMBER, "ToZip": "", "NumSegments": "1",
            "MessageSid": sid, "AccountSid": SID, "From": sender, "ApiVersion": "2010-04-01"}


class SmsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.store = MediaStoreMock()
        cls.twilio = TwilioMock(SID, TOKEN, cls.store)
        channels = ("  webform: { enabled: false }\n"
                    "  sms:\n"
                    "    enabled: true\n"
                    f"    account_sid: {SID}\n"
                    f"    auth_token: {TOKEN}\n"
                    f"    from: \"{OUR_NUMBER}\"\n"
                    f"    api_base: {cls.twilio.base}\n"
                    f"    public_url: {PUBLIC_URL}\n"
                    "    max_media_bytes: 4096\n")
        cls.running = RunningDaemon(channels, extra=FAST_OUTBOX)
        cls.db, cls.base = cls.running.db, cls.running.base

    @classmethod
    def tearDownClass(cls):
        code = cls.running.stop()
        cls.twilio.close()
        cls.store.close()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def post(self, path, params, sig=True):
        url = PUBLIC_URL + ("/status" if path.endswith("/status") else "")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sig is True:
            headers["X-Twilio-Signature"] = signature(url, params)
        elif sig:
            headers["X-Twilio-Signature"] = sig
        return http("POST", self.base + path, urllib.parse.urlencode(params), headers)

    def q(self, sql):
        return self.db.query(sql)

    def queue_reply(self, number, body):
        body_sql = body.replace("'", "''")
        return self.q(f"""
            WITH t AS (SELECT t.id FROM tickets t JOIN customer_identities ci ON ci.customer_id = t.customer_id
                       WHERE ci.kind = 'phone' AND ci.value = '{number}' ORDER BY t.id DESC LIMIT 1),
            m AS (INSERT INTO messages (ticket_id, direction, author_kind, channel, body, delivery_status)
                  SELECT id, 'outbound', 'agent', 'sms', '{body_sql}', 'queued' FROM t RETURNING id, ticket_id)
            INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, body)
            SELECT id, ticket_id, 'sms', 'phone', '{number}', '{body_sql}' FROM m RETURNING message_id""")

    def wait_outbox(self, message_id, status):
        return wait_until(lambda: self.q(f"SELECT status FROM outbox WHERE message_id = {message_id}") == status,
                          30, f"outbox row of message {message_id} to become {status}")

    def sends_to(self, number):
        return [r for r in self.twilio.sends() if urllib.parse.parse_qs(r.body.decode())["To"] == [number]]

    def test_signature_missing_401_wrong_403_and_nothing_stored(self):
        params = inbound("SM00000000000000000000000000000001", "+14155550001", "hello")
        before = self.q("SELECT count(*) FROM messages")
        self.assertEqual(self.post("/webhooks/sms", params, sig=None).status, 401)
        self.assertEqual(self.post("/webhooks/sms", params, sig="AAAAAAAAAAAAAAAAAAAAAAAAAAA=").status, 403)
        # Signed over another URL (the status one) is wrong for messages.
        self.assertEqual(self.post("/webhooks/sms", params, sig=signature(PUBLIC_URL + "/status", params)).status, 403)
        self.assertEqual(self.q("SELECT count(*) FROM messages"), before)

    def test_inbound_creates_ticket_and_redelivery_stores_nothing(self):
        params = inbound("SM00000000000000000000000000000002", "+14155550002", "My package is late")
        r = self.post("/webhooks/sms", params)
        self.assertEqual(r.status, 200, r.body)
        self.assertIn(b"<Response>", r.body)
        self.assertEqual(self.q("SELECT t.subject || '|' || (m.metadata->>'encoding') || '|' || (m.metadata->>'segments') "
                                "FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                                "WHERE m.external_id = 'SM00000000000000000000000000000002'"),
                         "My package is late|GSM-7|1")
        self.assertEqual(self.post("/webhooks/sms", params).status, 200)
        self.assertEqual(self.q("SELECT count(*) FROM messages WHERE external_id = 'SM00000000000000000000000000000002'"), "1")

    def test_outbound_long_unicode_reply_and_status_callback(self):
        number = "+14155550003"
        self.assertEqual(self.post("/webhooks/sms", inbound("SM00000000000000000000000000000003", number, "Hi")).status, 200)
        text = "Ваш заказ отправлен. " * 5  # Cyrillic: UCS-2, 105 units -> 2 segments
        message_id = self.queue_reply(number, text)
        self.wait_outbox(message_id, "sent")
        send = self.sends_to(number)[-1]
        self.assertEqual(send.path, f"/2010-04-01/Accounts/{SID}/Messages.json")
        self.assertEqual(send.headers["Authorization"], "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode())
        form = urllib.parse.parse_qs(send.body.decode())
        self.assertEqual(form["Body"], [text])
        self.assertEqual(form["From"], [OUR_NUMBER])
        self.assertEqual(form["StatusCallback"], [PUBLIC_URL + "/status"])
        wait_until(lambda: self.q(f"SELECT metadata->>'segments' FROM messages WHERE id = {message_id}") == "2",
                   10, "segment count on the message")
        self.assertEqual(self.q(f"SELECT metadata->>'encoding' FROM messages WHERE id = {message_id}"), "UCS-2")
        sid = self.q(f"SELECT external_id FROM messages WHERE id = {message_id}")
        self.assertTrue(sid.startswith("SM"))
        status = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": SID, "To": number, "From": OUR_NUMBER}
        self.assertEqual(self.post("/webhooks/sms/status", status, sig=signature(PUBLIC_URL, status)).status, 403)
        self.assertEqual(self.post("/webhooks/sms/status", status).status, 200)
        self.assertEqual(self.q(f"SELECT delivery_status FROM messages WHERE id = {message_id}"), "delivered")

    def test_stop_then_nothing_is_sent_and_start_resumes(self):
        number = "+14155550004"
        self.assertEqual(self.post("/webhooks/sms", inbound("SM00000000000000000000000000000004", number, "Help me")).status, 200)
        self.assertEqual(self.post("/webhooks/sms", inbound("SM00000000000000000000000000000005", number, " stop ")).status, 200)
        self.assertEqual(self.q(f"SELECT keyword FROM channel_opt_outs WHERE channel = 'sms' AND identity_value = '{number}'"), "STOP")
        blocked = self.queue_reply(number, "Are you still there?")
        self.wait_outbox(blocked, "failed")
        self.assertEqual(self.sends_to(number), [])
        self.assertEqual(self.q(f"SELECT delivery_error FROM messages WHERE id = {blocked}"),
                         "not sent: the recipient opted out of sms (STOP)")
        ticket = self.q(f"SELECT ticket_id FROM messages WHERE id = {blocked}")
        self.assertEqual(self.q(f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket} AND event = 'channel.opt_out'"), "1")
        self.assertEqual(self.post("/webhooks/sms", inbound("SM00000000000000000000000000000006", number, "START")).status, 200)
        allowed = self.queue_reply(number, "Welcome back")
        self.wait_outbox(allowed, "sent")
        self.assertEqual(len(self.sends_to(number)), 1)

    def test_retry_after_500(self):
        number = "+14155550005"
        self.post("/webhooks/sms", inbound("SM00000000000000000000000000000007", number, "Hi"))
        self.twilio.fail_next(1, 500, b'{"code":20500,"message":"Internal Server Error","status":500}')
        message_id = self.queue_reply(number, "Second time lucky")
        self.wait_outbox(message_id, "sent")
        self.assertEqual(self.q(f"SELECT attempts FROM outbox WHERE message_id = {message_id}"), "2")
        self.assertEqual(len(self.sends_to(number)), 2)

    def test_permanent_twilio_error_stops(self):
        number = "+14155550006"
        self.post("/webhooks/sms", inbound("SM00000000000000000000000000000008", number, "Hi"))
        self.twilio.fail_next(1, 400, b'{"code":21211,"message":"The \'To\' number is not a valid phone number.","status":400}')
        message_id = self.queue_reply(number, "Nope")
        self.wait_outbox(message_id, "failed")
        self.assertEqual(self.q(f"SELECT delivery_error FROM messages WHERE id = {message_id}"),
                         "Twilio error 21211: The 'To' number is not a valid phone number.")

    def test_digit_answers_survey(self):
        number = "+14155550007"
        self.post("/webhooks/sms", inbound("SM00000000000000000000000000000009", number, "Hi"))
        ticket = self.q("SELECT ticket_id FROM messages WHERE external_id = 'SM00000000000000000000000000000009'")
        self.q(f"INSERT INTO surveys (ticket_id, channel, expires_at) VALUES ({ticket}, 'sms', now() + interval '7 days')")
        self.assertEqual(self.post("/webhooks/sms", inbound("SM00000000000000000000000000000010", number, "3")).status, 200)
        self.assertEqual(self.q(f"SELECT rating FROM surveys WHERE ticket_id = {ticket}"), "3")

    def mms(self, sid, sender, body, media):
        params = inbound(sid, sender, body)
        params["NumMedia"] = str(len(media))
        for i, (url, ctype) in enumerate(media):
            params[f"MediaUrl{i}"] = url
            params[f"MediaContentType{i}"] = ctype
        return params

    def test_mms_media_are_fetched_with_credentials_and_stored_as_attachments(self):
        jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"pixels" * 100
        self.twilio.add_media("ME00000000000000000000000000000001", "image/jpeg", jpeg)
        self.twilio.add_media("ME00000000000000000000000000000002", "image/png", png)
        message_sid = "MM00000000000000000000000000000001"
        params = self.mms(message_sid, "+14155550010", "Photos of the damage",
                          [(self.twilio.media_url(message_sid, "ME00000000000000000000000000000001"), "image/jpeg"),
                           (self.twilio.media_url(message_sid, "ME00000000000000000000000000000002"), "image/png")])
        self.assertEqual(self.post("/webhooks/sms", params).status, 200)
        rows = self.q("SELECT a.filename || '|' || a.content_type || '|' || a.size || '|' || encode(a.content, 'hex') "
                      "FROM attachments a JOIN messages m ON m.id = a.message_id "
                      f"WHERE m.external_id = '{message_sid}' ORDER BY a.id").split("\n")
        self.assertEqual(rows, [f"ME00000000000000000000000000000001.jpg|image/jpeg|{len(jpeg)}|{jpeg.hex()}",
                                f"ME00000000000000000000000000000002.png|image/png|{len(png)}|{png.hex()}"])
        self.assertEqual(self.q(f"SELECT body || '|' || (metadata->'media'->1->>'attachment') || '|' || "
                                f"coalesce(metadata->>'mediaErrors', 'none') FROM messages WHERE external_id = '{message_sid}'"),
                         "Photos of the damage|ME00000000000000000000000000000002.png|none")
        # Credentials go to Twilio's API host only, not to the storage it redirects to.
        basic = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
        api = [r for r in self.twilio.media_requests() if message_sid in r.path]
        self.assertEqual([(r.method, r.headers.get("Authorization")) for r in api], [("GET", basic)] * 2)
        stored = [r for r in self.store.requests if r.path.startswith("/ME0000000000000000000000000000000")]
        self.assertEqual(sorted(r.path for r in stored),
                         ["/ME00000000000000000000000000000001", "/ME00000000000000000000000000000002"])
        self.assertTrue(all("Authorization" not in r.headers for r in stored))

    def test_mms_media_too_large_or_missing_is_noted_and_the_message_kept(self):
        self.twilio.add_media("ME00000000000000000000000000000003", "video/mp4", b"v" * 10000)
        message_sid = "MM00000000000000000000000000000002"
        params = self.mms(message_sid, "+14155550011", "",
                          [(self.twilio.media_url(message_sid, "ME00000000000000000000000000000003"), "video/mp4"),
                           (self.twilio.media_url(message_sid, "ME0000000000000000000000000000dead"), "image/jpeg")])
        self.assertEqual(self.post("/webhooks/sms", params).status, 200)
        self.assertEqual(self.q("SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id "
                                f"WHERE m.external_id = '{message_sid}'"), "0")
        row = self.q("SELECT body || '|' || (metadata->>'mediaErrors') || '|' || (metadata->'media'->0->>'error') "
                     f"|| '|' || (metadata->'media'->1->>'error') FROM messages WHERE external_id = '{message_sid}'")
        body, errors, too_large, missing = row.split("|")
        self.assertEqual((body, errors), ("[MMS with 2 media]", "2"))
        self.assertIn("larger than 4096 bytes", too_large)
        self.assertEqual(missing, "media server answered HTTP 404")


if __name__ == "__main__":
    unittest.main()
