# SPDX-License-Identifier: Apache-2.0
"""Status subscriptions by SMS (through the mock Twilio API) and WhatsApp (the mock Graph API):
the confirmation link arrives as a text, a confirmed number is told of an incident, and a number
that wrote STOP is told nothing more while an e-mail subscriber still is (the control).
Malformed numbers change nothing."""
import base64
import hashlib
import hmac
import os
import re
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "fixtures", "providers"))

from status_client import Status, wait_until  # noqa: E402
from daemon_harness import http  # noqa: E402
from mock_providers import GraphApiMock, TwilioMock  # noqa: E402

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "twilio-auth-token"
SMS_URL = "https://desk.example.com/webhooks/sms"
OUR_NUMBER = "+15005550006"


class StatusBySms(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.twilio = TwilioMock(SID, TOKEN)
        cls.graph = GraphApiMock()
        channels = ("  webform: { enabled: false }\n"
                    f"  sms:\n    enabled: true\n    account_sid: {SID}\n    auth_token: {TOKEN}\n"
                    f"    from: \"{OUR_NUMBER}\"\n    api_base: {cls.twilio.base}\n    public_url: {SMS_URL}\n"
                    "  whatsapp:\n    enabled: true\n    phone_number_id: \"1065\"\n    access_token: t\n"
                    f"    app_secret: s\n    verify_token: v\n    api_base: {cls.graph.api_base}\n"
                    "    template_name: status_update\n")
        cls.api = Status(channels=channels, extra="outbox: { poll_interval: 200ms, backoff_base: 100ms }\n")
        cls.api.ok("POST", "/components", {"name": "API"}, expect=201)

    @classmethod
    def tearDownClass(cls):
        code = cls.api.stop()
        cls.twilio.close()
        cls.graph.close()
        assert code == 0

    def texts_to(self, number):
        return [urllib.parse.parse_qs(r.body.decode())["Body"][0] for r in self.twilio.sends()
                if urllib.parse.parse_qs(r.body.decode()).get("To") == [number]]

    def confirm_by_text(self, text):
        url = re.search(r"https?://\S+/status/confirm\?token=[0-9a-z.]+", text).group(0)
        r = self.api.public("GET", urllib.parse.urlparse(url)._replace(scheme="", netloc="").geturl())
        self.assertEqual(r.status, 200, r.body)

    def stop(self, number):
        params = {"MessageSid": "SMstop" + number[1:], "AccountSid": SID, "From": number, "To": OUR_NUMBER,
                  "Body": "STOP", "NumMedia": "0"}
        data = SMS_URL + "".join(k + v for k, v in sorted(params.items()))
        sig = base64.b64encode(hmac.new(TOKEN.encode(), data.encode(), hashlib.sha1).digest()).decode()
        r = http("POST", self.api.d.base + "/webhooks/sms", urllib.parse.urlencode(params),
                 {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})
        self.assertEqual(r.status, 200, r.body)

    def test_sms_subscription_confirmed_notified_and_stopped(self):
        r = self.api.public("POST", "/status/subscribe", {"phone": "+1 (415) 555-0101", "components": ["API"]})
        self.assertEqual(r.status, 202, r.body)
        confirmation = wait_until(lambda: self.texts_to("+14155550101"), 30, "the confirmation text")[0]
        self.confirm_by_text(confirmation)
        r = self.api.public("POST", "/status/subscribe", {"whatsapp": "+44 7700 900123"})
        self.assertEqual(r.status, 202, r.body)
        request = wait_until(lambda: [s.json() for s in self.graph.sends() if s.json()["to"] == "447700900123"],
                             30, "the WhatsApp confirmation")[0]
        self.assertEqual(request["template"]["name"], "status_update")  # outside any window: the template

        self.api.ok("POST", "/incidents", {"title": "API errors", "message": "Looking.", "components": ["API"]},
                    expect=201)
        told = wait_until(lambda: [t for t in self.texts_to("+14155550101") if "API errors" in t], 30,
                          "the incident text")
        self.assertIn("/status/unsubscribe?token=", told[0])

        self.stop("+14155550101")
        wait_until(lambda: self.api.db.query("SELECT count(*) FROM channel_opt_outs WHERE channel = 'sms' "
                                             "AND identity_value = '+14155550101'") == "1", 30, "the STOP")
        self.api.public("POST", "/status/subscribe", {"email": "eve@example.org"})
        eve = int(self.api.db.query("SELECT id FROM status_subscribers WHERE address = 'eve@example.org'"))
        self.api.db.query(f"UPDATE status_subscribers SET confirmed_at = now() WHERE id = {eve}")
        self.api.ok("POST", "/incidents", {"title": "API slow", "message": "Again.", "components": ["API"]},
                    expect=201)
        # The control: the e-mail subscriber's message of the same incident is handed on.
        wait_until(lambda: self.api.db.query(
            "SELECT count(*) FROM outbox WHERE channel = 'email' AND to_value = 'eve@example.org' "
            "AND status IN ('sent', 'dead', 'pending') AND subject LIKE '%API slow%'") == "1", 30, "the e-mail")
        wait_until(lambda: self.api.db.query(
            "SELECT status FROM outbox WHERE channel = 'sms' AND to_value = '+14155550101' "
            f"AND body LIKE '%API slow%'") not in ("", "pending", "sending"), 30, "the text's outcome")
        self.assertEqual([t for t in self.texts_to("+14155550101") if "API slow" in t], [])

    def test_malformed_numbers_change_nothing(self):
        before = self.api.snapshot()
        for body in ({"phone": "4155550101"}, {"phone": "+1 415 CALL NOW"}, {"whatsapp": "+12"},
                     {"phone": "+14155550101", "email": "a@example.org"}):
            r = self.api.public("POST", "/status/subscribe", body)
            self.assertEqual(r.status, 422, (body, r.body))
        self.assertEqual(self.api.snapshot(), before)


if __name__ == "__main__":
    unittest.main()
