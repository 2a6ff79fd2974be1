# SPDX-License-Identifier: Apache-2.0
"""Search and suggestions over real HTTP on a real PostgreSQL: stemming, prefixes, typos and
accents in English, Spanish and Turkish; ranking; snippets; visibility; hostile queries;
zero-result queries recorded."""
import unittest
import urllib.parse

from kb_client import ADMIN_TOKEN, Kb


class KbSearch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Kb()
        _, cls.agent_token = cls.api.agent("Sam Agent")
        a = cls.api.article
        a("reset-password", [("en", "How to reset your password",
                              "If you forgot your password, open the sign-in page and choose *Forgot password*. "
                              "We send a link to your email address. The link works once.")])
        a("account-configuration", [("en", "Account configuration",
                                     "Change the configuration of notifications, language and time zone.")])
        a("connection-problems", [("en", "Trouble with the app",
                                   "When the app cannot connect, check the connection settings.")])
        a("connected-devices", [("en", "Devices on your account", "See the devices connected to your account.")])
        a("invoices-title", [("en", "Download an invoice", "From the billing page.")])
        a("invoices-body", [("en", "Billing page", "The billing page lists each invoice and receipt.")])
        a("restablecer-contrasena", [("es", "Cómo restablecer la contraseña",
                                      "Si olvidaste tu contraseña, abre la página de inicio de sesión y elige "
                                      "«Olvidé mi contraseña». Revisa la configuración de tu cuenta.")])
        a("envios", [("es", "Envíos internacionales", "Los envíos a otros países tardan diez días hábiles.")])
        a("sifre-sifirlama", [("tr", "Şifrenizi nasıl sıfırlarsınız",
                               "Şifrenizi unuttuysanız giriş sayfasını açın ve «Şifremi unuttum» seçeneğini seçin. "
                               "Kullanıcı hesabı ayarlarınızı kontrol edin.")])
        a("kargo", [("tr", "Kargo ücretleri", "Siparişlerinizin kargo ücreti ödeme sayfasında görünür.")])
        a("internal-escalation", [("en", "Escalation playbook for outages",
                                   "Page the on-call engineer when an outage lasts.")], visibility="internal")
        a("draft-outage", [("en", "Outage draft", "An outage article not yet published.")], status="draft")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    # English
    def test_en_stemming(self):
        self.assertEqual(self.api.slugs("resetting passwords", "en")[0], "reset-password")

    def test_en_prefix_while_typing(self):
        self.assertEqual(self.api.slugs("reset pass", "en"), ["reset-password"])
        self.assertIn("account-configuration", self.api.slugs("configu", "en"))
        # A prefix is for the word being typed: a finished word must match whole.
        self.assertEqual(self.api.slugs("configu ", "en"), [])

    def test_en_typos(self):
        self.assertEqual(self.api.slugs("pasword", "en"), ["reset-password"])          # 7 letters, 1 edit
        self.assertEqual(self.api.slugs("passwrod reset", "en"), ["reset-password"])   # transposition
        self.assertEqual(self.api.slugs("cnfiguratoin", "en"), ["account-configuration"])  # 12 letters, 2 edits
        self.assertEqual(self.api.slugs("paswrd", "en"), [])   # 6 letters, 2 edits: too far
        self.assertEqual(self.api.slugs("lnik ", "en"), [])    # 4 letters: no typo allowed
        r = self.api.search("pasword", "en")
        self.assertIn("password", r["corrections"])

    def test_en_title_over_body(self):
        self.assertEqual(self.api.slugs("invoice", "en")[:2], ["invoices-title", "invoices-body"])

    def test_en_exact_over_stemmed(self):
        # Both match "connected" once stemmed; the one with the word as written ranks first.
        self.assertEqual(self.api.slugs("connected ", "en")[:2], ["connected-devices", "connection-problems"])

    def test_snippets_are_highlighted_and_escaped(self):
        hit = self.api.search("forgot", "en")["articles"][0]
        self.assertEqual(hit["slug"], "reset-password")
        self.assertIn("<mark>forgot</mark>", hit["snippet"])
        self.api.article("script-snippet", [("en", "Scripted", "A <script>alert(1)</script> walkthrough word.")])
        hit = self.api.search("walkthrough", "en")["articles"][0]
        self.assertNotIn("<script", hit["snippet"])
        self.assertNotIn("alert(1)</", hit["snippet"])

    # Spanish
    def test_es_accents_stemming_and_typos(self):
        self.assertEqual(self.api.slugs("contrasena", "es"), ["restablecer-contrasena"])
        self.assertEqual(self.api.slugs("CONTRASEÑAS", "es"), ["restablecer-contrasena"])
        self.assertEqual(self.api.slugs("configuracion", "es"), ["restablecer-contrasena"])
        self.assertEqual(self.api.slugs("contrasña", "es"), ["restablecer-contrasena"])   # one typo
        self.assertEqual(self.api.slugs("envio internacional", "es"), ["envios"])           # stemming
        self.assertEqual(self.api.slugs("restab", "es"), ["restablecer-contrasena"])        # prefix
        # The locale decides the language: Spanish words are not in the English articles.
        self.assertEqual(self.api.slugs("contraseña", "en"), [])

    # Turkish
    def test_tr_accents_stemming_and_typos(self):
        self.assertEqual(self.api.slugs("sifre", "tr"), ["sifre-sifirlama"])
        self.assertEqual(self.api.slugs("ŞİFRENİZİ", "tr"), ["sifre-sifirlama"])
        self.assertEqual(self.api.slugs("şifremi", "tr"), ["sifre-sifirlama"])   # another suffix, one stem
        self.assertEqual(self.api.slugs("kulanıcı", "tr"), ["sifre-sifirlama"])  # one typo
        self.assertEqual(self.api.slugs("kargo ücret", "tr"), ["kargo"])
        self.assertEqual(self.api.slugs("ucretleri", "tr"), ["kargo"])

    def test_every_locale_without_locale(self):
        slugs = self.api.slugs("password contraseña", None)
        self.assertEqual(slugs, [])  # all words must match one translation
        self.assertIn("restablecer-contrasena", self.api.slugs("contraseña", None))

    # Visibility
    def test_public_sees_public_published_only(self):
        self.assertEqual(self.api.slugs("outage", "en"), [])
        self.assertEqual(self.api.slugs("outage", "en", token=self.agent_token), ["internal-escalation"])
        self.assertEqual(self.api.suggest("there is an outage on call", "en"), [])
        self.assertIn("internal-escalation", self.api.suggest("there is an outage on call", "en", self.agent_token))

    # Hostile input
    def test_hostile_queries(self):
        for q in ["'; DROP TABLE kb_articles; --", "a & | ! ( ) :* <-> \\", "%_%", "\"password\"",
                  "<script>alert(1)</script>", "password' OR '1'='1"]:
            r = self.api.search(q, "en")
            self.assertTrue(r["success"])
        self.assertEqual(self.api.slugs("password' OR '1'='1", "en"), [])
        self.assertEqual(self.api.db.query("SELECT count(*) > 0 FROM kb_articles"), "t")
        self.assertEqual(self.api.search("x" * 201, "en", expect=413)["success"], False)
        self.assertEqual(self.api.search("password", "not a locale!", expect=400)["success"], False)

    # Zero results
    def test_zero_result_queries_are_recorded(self):
        for _ in range(2):
            self.assertEqual(self.api.search("Teleportation fees", "en")["total"], 0)
        misses = self.api.call("GET", "/kb/search-misses", expect=200)["misses"]
        self.assertIn({"locale": "en", "query": "teleportation fees", "count": 2},
                      [{k: m[k] for k in ("locale", "query", "count")} for m in misses])
        self.assertEqual(self.api.public("GET", "/kb/search-misses").status, 401)

    def test_total_is_exact_below_the_candidates_cap(self):
        # 70 matches: a page of 10 ranks 60 candidates, so the total says "at least 60".
        for i in range(70):
            self.api.article(f"zebra-{i}", [("en", f"Zebra crossing {i}", "Where zebras cross the road.")])
        small = self.api.search("zebra", "en", limit=100)
        self.assertEqual((small["total"], small["totalExact"], len(small["articles"])), (70, True, 70))
        broad = self.api.search("zebra", "en", limit=10)
        self.assertEqual((broad["total"], broad["totalExact"]), (60, False))
        self.assertEqual(len(broad["articles"]), 10)
        page3 = self.api.search("zebra", "en", limit=10, page=3)
        self.assertEqual(len(page3["articles"]), 10)
        self.assertEqual(self.api.search("teleportation", "en")["totalExact"], True)

    # Suggestions for a whole question
    def test_suggest_for_a_question(self):
        text = ("Hello, I forgot my password yesterday and I can't sign in to my account any more. "
                "Can you help me please?")
        self.assertEqual(self.api.suggest(text, "en")[0], "reset-password")
        self.assertEqual(self.api.suggest("Hola, olvidé mi contraseña y no puedo entrar", "es")[0],
                         "restablecer-contrasena")
        self.assertEqual(self.api.suggest("Merhaba, şifremi unuttum, giriş yapamıyorum", "tr")[0],
                         "sifre-sifirlama")
        self.assertEqual(self.api.suggest("qwertyuiop asdfghjkl", "en"), [])


if __name__ == "__main__":
    unittest.main()
