# SPDX-License-Identifier: Apache-2.0
"""The help center over real HTTP: locales (?lang=, Accept-Language, the default),
Content-Language, the fallback notice, the vote without JavaScript, drafts and internal
articles hidden (with a positive control), hostile search terms, headers and assets."""
import http.client
import re
import unittest
import urllib.parse

from kb_client import Kb


class HelpCenter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Kb()
        cls.host = "127.0.0.1"
        cls.port = cls.api.d.port
        cat = cls.api.call("POST", "/kb/categories", {
            "slug": "account", "position": 1,
            "translations": [{"locale": "en", "name": "Your account"}, {"locale": "es", "name": "Su cuenta"},
                             {"locale": "tr", "name": "Hesabınız"}]}, expect=201)["category"]
        cls.both = cls.api.article("reset-password", [
            ("en", "Reset your password", "Open **Settings** and choose *Reset password*."),
            ("es", "Restablecer la contraseña", "Abra **Ajustes** y elija *Restablecer contraseña*.")],
            categoryId=cat["id"])
        cls.english_only = cls.api.article("export-invoices", [
            ("en", "Export invoices", "Invoices can be exported as CSV from the billing page.")],
            categoryId=cat["id"])
        cls.api.article("draft-pricing", [("en", "Secret pricing draft", "Unannounced pricing zebra.")],
                        status="draft")
        cls.api.article("agents-only", [("en", "Refund approvals zebra", "Internal zebra process.")],
                        visibility="internal")
        cls.api.article("public-zebra", [("en", "Zebra crossing guide", "How the zebra feature works.")])

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def get(self, path, headers=None, method="GET", body=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
        finally:
            conn.close()

    def test_locale_from_query_header_and_default(self):
        status, h, body = self.get("/help", {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
        self.assertEqual(status, 200)
        self.assertEqual(h["content-language"], "es")
        self.assertIn('<html lang="es">', body)
        self.assertIn("Centro de ayuda", body)
        self.assertIn("Accept-Language", h["vary"])
        _, h, body = self.get("/help?lang=tr", {"Accept-Language": "es"})
        self.assertEqual(h["content-language"], "tr")
        self.assertIn("Yardım merkezi", body)
        self.assertIn("Hesabınız", body)  # the category in Turkish
        _, h, body = self.get("/help", {"Accept-Language": "pt-BR,pt;q=0.9"})
        self.assertEqual(h["content-language"], "en")  # pt-BR → pt → the default
        _, h, body = self.get("/help?lang=pt-BR")
        self.assertEqual(h["content-language"], "en")
        _, h, _ = self.get("/help?lang=..%2F..%2Fetc", {"Accept-Language": "tr"})
        self.assertEqual(h["content-language"], "tr")  # a bad ?lang= is ignored

    def test_index_lists_categories_and_popular_articles(self):
        _, _, body = self.get("/help?lang=es")
        self.assertIn("Su cuenta", body)
        self.assertIn("Restablecer la contraseña", body)
        self.assertIn('href="/help/articles/reset-password?lang=es">Restablecer', body)
        self.assertIn('href="/help/articles/export-invoices?lang=es" lang="en">Export invoices', body)
        self.assertIn('role="search"', body)
        self.assertIn('<label for="q">', body)
        self.assertIn('class="skip" href="#main"', body)
        self.assertIn("<main", body)

    def test_article_in_the_asked_locale(self):
        status, h, body = self.get("/help/articles/reset-password", {"Accept-Language": "es"})
        self.assertEqual(status, 200)
        self.assertEqual(h["content-language"], "es")
        self.assertIn("<strong>Ajustes</strong>", body)
        self.assertNotIn('class="notice" role="note"', body)
        self.assertIn("Su cuenta", body)  # breadcrumbs
        self.assertIn('aria-current="page">Restablecer la contraseña', body)

    def test_fallback_says_which_language_is_shown(self):
        status, h, body = self.get("/help/articles/export-invoices?lang=es")
        self.assertEqual(status, 200)
        self.assertEqual(h["content-language"], "en")  # what is shown
        self.assertIn('<html lang="es">', body)  # the page around it
        self.assertIn('<article lang="en"', body)
        self.assertIn("Este artículo no está disponible en español; se muestra en inglés.", body)
        _, h, body = self.get("/help/articles/export-invoices", {"Accept-Language": "tr"})
        self.assertIn("Bu makale Türkçe dilinde mevcut değil; İngilizce dilinde gösteriliyor.", body)
        _, h, body = self.get("/help/articles/export-invoices?lang=en")
        self.assertNotIn('role="note"', body)

    def test_vote_without_javascript(self):
        article = self.api.article("vote-me", [("en", "Vote on me", "Body.")])
        cookie = {"Cookie": "fd_visitor=visitor-nojs-0001", "Content-Type": "application/x-www-form-urlencoded"}
        status, h, body = self.get("/help/articles/vote-me", {"Cookie": cookie["Cookie"]})
        self.assertIn('method="post" action="/help/articles/vote-me/vote"', body)
        self.assertNotIn("set-cookie", h)  # the visitor already has one
        status, h, _ = self.get("/help/articles/vote-me/vote?lang=es", cookie, "POST", "helpful=yes")
        self.assertEqual(status, 303)
        self.assertEqual(h["location"], "/help/articles/vote-me?lang=es&voted=thanks#feedback")
        _, _, body = self.get("/help/articles/vote-me?lang=es&voted=thanks")
        self.assertIn("Gracias por su opinión.", body)
        status, h, _ = self.get("/help/articles/vote-me/vote", cookie, "POST", "helpful=no")
        self.assertEqual(status, 303)
        self.assertIn("voted=already", h["location"])
        counts = self.api.call("GET", f"/kb/articles/{article['id']}")["article"]
        self.assertEqual((counts["helpful"], counts["notHelpful"]), (1, 0))
        status, _, body = self.get("/help/articles/vote-me/vote", cookie, "POST", "helpful=maybe")
        self.assertEqual(status, 400)
        status, _, _ = self.get("/help/articles/draft-pricing/vote", cookie, "POST", "helpful=yes")
        self.assertEqual(status, 404)
        counts = self.api.call("GET", f"/kb/articles/{article['id']}")["article"]
        self.assertEqual((counts["helpful"], counts["notHelpful"]), (1, 0))

    def test_first_visit_gets_a_visitor_cookie(self):
        _, h, _ = self.get("/help/articles/reset-password")
        self.assertRegex(h["set-cookie"], r"^fd_visitor=v[A-Za-z0-9_-]{43}; Path=/; .*SameSite=Lax; HttpOnly")

    def test_drafts_and_internal_articles_stay_hidden(self):
        for slug in ("draft-pricing", "agents-only"):
            status, h, body = self.get(f"/help/articles/{slug}")
            self.assertEqual(status, 404, slug)
            self.assertNotIn("zebra", body.lower())
        status, _, _ = self.get(f"/help/articles/{self.both['id']}")
        self.assertEqual(status, 404)  # ids are the API's, slugs the help center's
        _, _, body = self.get("/help/search?q=zebra")
        self.assertIn("Zebra crossing guide", body)  # the positive control
        self.assertNotIn("Secret pricing", body)
        self.assertNotIn("Refund approvals", body)
        self.assertIn("1 article found", body)
        _, _, body = self.get("/help")
        self.assertIn("Zebra crossing guide", body)
        self.assertNotIn("Secret pricing", body)
        self.assertNotIn("Refund approvals", body)

    def test_search_highlights_and_counts(self):
        _, h, body = self.get("/help/search?q=" + urllib.parse.quote("contraseña") + "&lang=es")
        self.assertEqual(h["content-language"], "es")
        self.assertIn("1 artículo encontrado", body)
        self.assertRegex(body, r"<mark>[Cc]ontraseña</mark>")
        self.assertIn('value="contraseña"', body)

    def test_search_with_no_results(self):
        status, _, body = self.get("/help/search?q=qwxzv&lang=tr")
        self.assertEqual(status, 200)
        self.assertIn("0 makale bulundu", body)
        self.assertIn("“qwxzv” ile eşleşen bir şey yok", body)

    def test_hostile_search_terms(self):
        hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
        status, h, body = self.get("/help/search?q=" + urllib.parse.quote(hostile))
        self.assertEqual(status, 200)
        self.assertNotIn("<script>alert", body)
        self.assertNotIn("<img src=x", body)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", body)
        status, _, body = self.get("/help/search?q=" + urllib.parse.quote("' OR 1=1; DROP TABLE kb_articles; --"))
        self.assertEqual(status, 200)
        self.assertEqual(self.get("/help/articles/reset-password")[0], 200)
        status, _, body = self.get("/help/search?q=" + "a" * 300)
        self.assertEqual(status, 413)
        self.assertIn("200", body)

    def test_security_headers(self):
        for path in ("/help", "/help/search?q=x", "/help/articles/reset-password", "/help/articles/nope"):
            _, h, _ = self.get(path)
            csp = h["content-security-policy"]
            self.assertIn("script-src 'self'", csp, path)
            self.assertNotIn("unsafe-inline", csp, path)
            self.assertIn("frame-ancestors 'none'", csp, path)
            self.assertEqual(h["x-content-type-options"], "nosniff", path)
            self.assertTrue(h["content-type"].startswith("text/html"), path)

    def test_contact_form_loads_the_suggestion_script(self):
        status, h, body = self.get("/support/new")
        self.assertEqual(status, 200)
        self.assertRegex(body, r'<script src="/assets/suggest\.[0-9a-f]{12}\.js" defer></script>')
        self.assertIn('id="fd-suggestions"', body)
        self.assertIn("script-src 'self'", h["content-security-policy"])
        self.assertIn("connect-src 'self'", h["content-security-policy"])
        r = self.api.public("GET", "/kb/suggest?text=" + urllib.parse.quote("I forgot my password"))
        self.assertIn("reset-password", [a["slug"] for a in r.json()["articles"]])

    def test_not_found_is_a_localized_page(self):
        status, h, body = self.get("/help/articles/no-such-article", {"Accept-Language": "tr"})
        self.assertEqual(status, 404)
        self.assertIn("Sayfa bulunamadı", body)
        self.assertEqual(h["content-language"], "tr")
        status, _, body = self.get("/help/whatever?lang=es")
        self.assertEqual(status, 404)
        self.assertIn("Página no encontrada", body)

    def test_assets_are_hashed_and_cached(self):
        _, _, body = self.get("/help")
        scripts = re.findall(r'<script src="(/assets/help\.[0-9a-f]{12}\.js)" defer>', body)
        styles = re.findall(r'href="(/assets/site\.[0-9a-f]{12}\.css)"', body)
        self.assertEqual(len(scripts), 1)
        self.assertEqual(len(styles), 1)
        status, h, js = self.get(scripts[0])
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/javascript"))
        self.assertIn("immutable", h["cache-control"])
        self.assertIn("/api/v1/support/kb", js)
        status, h, _ = self.get("/assets/suggest.js")  # a plain name
        self.assertEqual(status, 200)
        self.assertEqual(h["cache-control"], "no-cache")
        self.assertEqual(self.get("/assets/nothing.js")[0], 404)
        self.assertNotIn("<script>", body)  # no inline script


if __name__ == "__main__":
    unittest.main()
