# SPDX-License-Identifier: Apache-2.0
"""The contact form (/support/new) as a page of the site, over real HTTP on a real PostgreSQL:
the same page in en, es and tr with Content-Language, its answers to a browser's post in the
visitor's language, and deflection: a visitor who opened a suggested article and then filed a
ticket is not counted as deflected; one who did not file within 24 hours is (with controls)."""
import http.client
import json
import re
import unittest
import urllib.parse
import uuid

from kb_client import Kb


class ContactForm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Kb()
        cls.article = cls.api.article("reset-password", [
            ("en", "Reset your password", "Open Settings and choose Reset password."),
            ("es", "Restablecer la contraseña", "Abra Ajustes y elija Restablecer contraseña."),
            ("tr", "Parolanızı sıfırlayın", "Ayarlar'ı açın ve Parolayı sıfırla'yı seçin.")])

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def request(self, method, path, headers=None, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.api.d.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
        finally:
            conn.close()

    def post_form(self, fields, headers, path="/api/v1/support/tickets"):
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"}),
                            body)

    def deflection(self):
        return self.api.call("GET", f"/kb/articles/{self.article['id']}", expect=200)["article"]["deflection"]

    def test_the_form_in_three_languages(self):
        expected = {"en": ("Contact support", "Send request", "Technical problem"),
                    "es": ("Contactar con soporte", "Enviar solicitud", "Problema técnico"),
                    "tr": ("Destek ekibine yazın", "Talebi gönder", "Teknik sorun")}
        for lang, (heading, button, category) in expected.items():
            status, h, body = self.request("GET", "/support/new", {"Accept-Language": lang})
            self.assertEqual(status, 200, lang)
            self.assertEqual(h["content-language"], lang)
            self.assertIn(f'<html lang="{lang}">', body)
            self.assertIn(f"<h1>{heading}</h1>", body)
            self.assertIn(f">{button}</button>", body)
            self.assertIn(f'<option value="technical">{category}</option>', body)
            self.assertRegex(body, r'<script src="/assets/suggest\.[0-9a-f]{12}\.js" defer>')
            self.assertNotIn("unsafe-inline", h["content-security-policy"])
        # ?lang= wins over the header and is carried to the post and the language links.
        _, h, body = self.request("GET", "/support/new?lang=tr", {"Accept-Language": "es"})
        self.assertEqual(h["content-language"], "tr")
        self.assertIn('action="/api/v1/support/tickets?lang=tr"', body)
        self.assertIn('href="/support/new?lang=es"', body)
        # Every field is labelled; every category the channel accepts is offered.
        for field in ("fd-name", "fd-email", "fd-subject", "fd-category", "fd-description", "fd-attachments",
                      "fd-website"):
            self.assertIn(f'<label for="{field}">', body)
        offered = re.findall(r'<option value="([a-z_]+)">', body)
        self.assertEqual(offered, ["account", "booking", "payment", "technical", "billing", "complaint",
                                   "feature_request", "bug_report", "general", "other"])

    def test_a_browsers_post_is_answered_in_its_language(self):
        fields = {"name": "Ayşe Yılmaz", "email": f"ayse-{uuid.uuid4().hex[:8]}@example.com",
                  "subject": "Şifre", "description": "Giriş yapamıyorum <script>x</script>", "category": "account"}
        status, h, body = self.post_form(fields, {"Accept": "text/html"}, "/api/v1/support/tickets?lang=tr")
        self.assertEqual(status, 201, body[:400])
        self.assertEqual(h["content-language"], "tr")
        self.assertIn("Teşekkürler, talebinizi aldık", body)
        number = re.search(r"<strong>(TKT-[0-9A-Z-]+)</strong>", body).group(1)
        self.assertEqual(self.api.db.query(f"SELECT count(*) FROM tickets WHERE number = '{number}'"), "1")
        self.assertEqual(h["cache-control"], "no-store")
        self.assertNotIn("<script>x", body)
        # A refusal: the advice in Spanish, the technical detail marked as English; nothing stored.
        before = self.api.db.query("SELECT count(*) FROM tickets")
        status, h, body = self.post_form({"name": "x", "email": "not-an-address", "subject": "s",
                                          "description": "d"}, {"Accept": "text/html", "Accept-Language": "es"})
        self.assertEqual(status, 422)
        self.assertEqual(h["content-language"], "es")
        self.assertIn("Revise su solicitud", body)
        self.assertIn('<p lang="en">', body)
        self.assertEqual(self.api.db.query("SELECT count(*) FROM tickets"), before)
        # API clients keep their JSON.
        status, h, body = self.post_form({"name": "x", "email": "nope", "subject": "s", "description": "d"},
                                         {"Accept": "application/json"})
        self.assertEqual(json.loads(body)["error"]["code"], "validation_failed")

    def open_suggestion(self, cookie=None):
        headers = {"Cookie": f"fd_visitor={cookie}"} if cookie else {}
        status, h, _ = self.request("GET", "/help/articles/reset-password?from=suggestion", headers)
        self.assertEqual(status, 200)
        return h

    def file_ticket(self, cookie):
        fields = {"name": "Ada", "email": f"ada-{uuid.uuid4().hex[:8]}@example.com", "subject": "Password",
                  "description": "I still cannot sign in"}
        headers = {"Accept": "application/json"}
        if cookie:
            headers["Cookie"] = f"fd_visitor={cookie}"
        status, _, body = self.post_form(fields, headers)
        self.assertEqual(status, 201, body)

    def test_deflection_counts_who_filed_and_who_did_not(self):
        self.api.db.query(f"DELETE FROM kb_suggestion_opens WHERE article_id = {self.article['id']}")
        # A first-time visitor gets a cookie with the article, and the open is counted under it.
        h = self.open_suggestion()
        cookie = re.match(r"fd_visitor=([A-Za-z0-9_-]+);", h["set-cookie"]).group(1)
        self.assertIn("HttpOnly", h["set-cookie"])
        self.assertEqual(self.deflection(), {"opened": 1, "deflected": 0, "ticketFiled": 0})
        # The same browser files a ticket: that open did not deflect it.
        self.file_ticket(cookie)
        self.assertEqual(self.deflection(), {"opened": 1, "deflected": 0, "ticketFiled": 1})
        # Another visitor opens it and never writes: deflected once a day has passed.
        self.open_suggestion("visitor-eeee-5555")
        self.assertEqual(self.deflection(), {"opened": 2, "deflected": 0, "ticketFiled": 1})
        self.api.db.query("UPDATE kb_suggestion_opens SET opened_at = now() - interval '25 hours' "
                          "WHERE visitor = 'c:visitor-eeee-5555'")
        self.assertEqual(self.deflection(), {"opened": 2, "deflected": 1, "ticketFiled": 1})
        # Control: a ticket more than 24 hours after the open does not undo the deflection,
        # and a ticket without the cookie (or with a forged one) marks nobody.
        self.file_ticket("visitor-eeee-5555")
        self.file_ticket(None)
        self.file_ticket("x'; DROP TABLE kb_suggestion_opens; --")
        self.assertEqual(self.deflection(), {"opened": 2, "deflected": 1, "ticketFiled": 1})


if __name__ == "__main__":
    unittest.main()
