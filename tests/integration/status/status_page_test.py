# SPDX-License-Identifier: Apache-2.0
"""The status page as people read it, over real HTTP: GET /status in en/es/tr (?lang=,
Accept-Language, the default) with Content-Language, components with their uptime bars and
text alternatives, incidents and maintenance, escaping; the subscription form, confirmation
and unsubscribe links answered with pages (a GET of the unsubscribe link changes nothing, the
button's POST unsubscribes); and the static copy under state_dir/status following changes."""
import glob
import json
import os
import re
import shutil
import tempfile
import unittest
import urllib.parse

from status_client import Status, http, wait_until

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
FORM = dict(BROWSER, **{"Content-Type": "application/x-www-form-urlencoded"})


def local(url):
    """The path and query of an absolute link the daemon made."""
    u = urllib.parse.urlparse(url)
    return u.path + "?" + u.query


class StatusPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.state = tempfile.mkdtemp(prefix="status-page-")
        cls.copy = os.path.join(cls.state, "status")
        cls.api = Status(extra="status: { name: Acme }\n", state_dir=cls.state)
        for name, group in (("API", "Platform"), ("Website", "Platform"), ("Docs", None)):
            body = {"name": name, "description": f"The {name.lower()}"}
            if group:
                body["group"] = group
            cls.api.ok("POST", "/components", body, expect=201)

    @classmethod
    def tearDownClass(cls):
        code = cls.api.stop()
        shutil.rmtree(cls.state, ignore_errors=True)
        assert code == 0

    def get(self, path, headers=None):
        r = self.api.public("GET", path, headers=dict(BROWSER, **(headers or {})))
        return r, r.body.decode()

    def outbox(self, sql_where, column="body"):
        return self.api.db.query(f"SELECT {column} FROM outbox WHERE {sql_where} ORDER BY id DESC LIMIT 1")

    def test_page_in_each_language(self):
        for headers, path, lang, words in (
                ({"Accept-Language": "es-MX,es;q=0.9"}, "/status", "es", ["Estado de Acme", "Servicios", "Operativo",
                                                                           "Incidencias anteriores", "Suscribirse"]),
                ({"Accept-Language": "es"}, "/status?lang=tr", "tr", ["Acme durum sayfası", "Hizmetler", "Çalışıyor",
                                                                      "Geçmiş olaylar", "Abone ol"]),
                ({"Accept-Language": "de"}, "/status", "en", ["Acme status", "Services", "Operational",
                                                              "Past incidents", "Subscribe"])):
            r, body = self.get(path, headers)
            self.assertEqual(r.status, 200, body[:300])
            self.assertEqual(r.headers["Content-Language"], lang)
            self.assertIn("Accept-Language", r.headers["Vary"])
            self.assertIn(f'<html lang="{lang}">', body)
            for w in words:
                self.assertIn(w, body, (lang, w))
        self.assertIn('<a href="/status?lang=tr" lang="tr" hreflang="tr">Türkçe</a>', body)
        self.assertIn("script-src 'self'", r.headers["Content-Security-Policy"])
        self.assertNotIn("<script", body)  # it works without JavaScript: there is none

    def test_components_have_uptime_bars_with_text(self):
        _, body = self.get("/status?lang=en")
        self.assertIn("Platform", body)
        for name in ("API", "Website", "Docs"):
            self.assertIn(f'aria-label="Uptime of {name}, day by day, over the last 90 days"', body)
        bars = re.findall(r'<li class="day (up|minor|partial|down|none)" title="([^"]+)"><span class="vh">([^<]+)</span>',
                          body)
        self.assertEqual(len(bars), 3 * 90)
        self.assertTrue(all(title == text for _, title, text in bars))
        self.assertRegex(bars[-1][2], r"^[A-Z][a-z]{2} \d{1,2}, \d{4}: no data$")  # no checks ran
        self.assertIn('<ul class="legend"', body)
        self.assertEqual(body.count('name="components" value="'), 3)  # the form offers each component

    def test_incidents_and_maintenance_show_escaped(self):
        i = self.api.ok("POST", "/incidents", {"title": "Payments <b>slow</b>", "components": ["API"],
                                               "impact": "major", "message": "We look into it."},
                        expect=201)["incident"]
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "identified", "message": "A bad deploy."},
                    expect=201)
        self.api.ok("POST", "/maintenances", {"title": "Database upgrade", "components": ["Docs"],
                                              "startsAt": "2031-03-01T02:00:00Z", "endsAt": "2031-03-01T03:00:00Z",
                                              "message": "Read-only for an hour."}, expect=201)
        _, body = self.get("/status?lang=es")
        self.assertIn("Payments &lt;b&gt;slow&lt;/b&gt;", body)
        self.assertNotIn("<b>slow", body)
        self.assertIn(f'id="incident-{i["id"]}"', body)
        self.assertIn("Identificado", body)
        self.assertIn("Investigando", body)
        self.assertIn("A bad deploy.", body)
        self.assertIn("Afecta a: API", body)
        self.assertIn("Database upgrade", body)
        self.assertIn("Programado", body)
        self.assertIn("1 mar 2031, 2:00 UTC", body)
        _, body = self.get("/status?lang=en")
        self.assertIn("Mar 1, 2031, 2:00\u202fAM UTC", body)  # ICU 72 puts a narrow space before AM
        self.api.ok("POST", f"/incidents/{i['id']}/updates", {"status": "resolved", "message": "Rolled back."},
                    expect=201)
        _, body = self.get("/status?lang=en")
        self.assertNotIn(f'id="incident-{i["id"]}"', body)  # no longer open: in the history
        self.assertIn("Payments &lt;b&gt;slow&lt;/b&gt;", body)
        self.assertIn("resolved ", body)

    def test_static_copy_follows_changes(self):
        index = os.path.join(self.copy, "index.html")
        wait_until(lambda: os.path.exists(index), 30, "the static copy to be written")
        for name in ("summary.json", "feed.atom", "site.css", "favicon.svg"):
            self.assertTrue(os.path.exists(os.path.join(self.copy, name)), name)
        self.api.ok("POST", "/incidents", {"title": "Static copy check", "components": ["Website"],
                                           "impact": "minor", "message": "Looking."}, expect=201)

        def read(name):
            with open(os.path.join(self.copy, name), encoding="utf-8") as f:
                return f.read()
        wait_until(lambda: "Static copy check" in read("index.html"), 30, "the copy to show the incident")
        html = read("index.html")
        self.assertIn('<html lang="en">', html)
        self.assertIn('href="/status/site.css"', html)
        self.assertNotIn("/assets/", html)
        self.assertIn("Static copy check", read("feed.atom"))
        summary = json.loads(read("summary.json"))
        self.assertIn("Static copy check", [x["name"] for x in summary["incidents"]])
        self.assertEqual(summary["page"]["name"], "Acme")
        served = self.api.public("GET", "/assets/site.css").body.decode()
        self.assertEqual(read("site.css"), served)
        self.assertEqual(glob.glob(os.path.join(self.copy, ".*")), [])  # no temporary file left behind
        # A component's state change rewrites it too.
        docs = self.api.component("Docs")
        self.api.ok("PUT", f"/components/{docs['id']}", {"status": "degraded_performance"})
        wait_until(lambda: "Degraded performance" in read("index.html"), 30, "the copy to show the new state")

    def test_subscribe_form_answers_with_a_page(self):
        r = self.api.public("POST", "/status/subscribe?lang=es",
                            urllib.parse.urlencode({"email": "form@example.org", "components": "API",
                                                    "locale": "es"}), FORM)
        self.assertEqual(r.status, 202)
        body = r.body.decode()
        self.assertTrue(r.headers["Content-Type"].startswith("text/html"))
        self.assertEqual(r.headers["Content-Language"], "es")
        self.assertIn("Revise su correo", body)
        r = self.api.public("POST", "/status/subscribe", urllib.parse.urlencode({"email": "nope"}), FORM)
        self.assertEqual(r.status, 422)
        self.assertIn("That did not work", r.body.decode())
        self.assertEqual(self.api.db.query("SELECT count(*) FROM status_subscribers WHERE address = 'nope'"), "0")

    def test_confirm_and_unsubscribe_pages(self):
        address = "pages@example.org"
        r = self.api.public("POST", "/status/subscribe", {"email": address})
        self.assertEqual(r.status, 202)
        self.assertTrue(r.json()["success"])  # API clients still get JSON
        confirm = re.search(r"https?://\S+/status/confirm\?token=[0-9a-z.]+",
                            self.outbox(f"to_value = '{address}'")).group(0)
        r, body = self.get(local(confirm), {"Accept-Language": "tr"})
        self.assertEqual(r.status, 200, body[:300])
        self.assertIn("Abonelik onaylandı", body)
        state = f"SELECT confirmed_at IS NOT NULL, unsubscribed_at IS NULL FROM status_subscribers " \
                f"WHERE address = '{address}'"
        self.assertEqual(self.api.db.query(state), "t|t")
        # A notification carries the unsubscribe link.
        self.api.ok("POST", "/incidents", {"title": "Tell the subscriber", "message": "Hello."}, expect=201)
        link = wait_until(lambda: self.outbox(f"to_value = '{address}' AND metadata ? 'listUnsubscribe'",
                                              "metadata->>'listUnsubscribe'"), 30, "the notification")
        # Fetching the link, as a person or a mail scanner does, changes nothing.
        r, body = self.get(local(link), {"Accept-Language": "en"})
        self.assertEqual(r.status, 200, body[:300])
        self.assertIn("Stop status updates?", body)
        action = re.search(r'<form method="post" action="([^"]+)">', body).group(1).replace("&amp;", "&")
        self.assertEqual(action, local(link))
        self.assertIn('name="List-Unsubscribe" value="One-Click"', body)
        self.assertEqual(self.api.public("GET", local(link)).status, 200)
        self.assertEqual(self.api.db.query(state), "t|t")
        # The button's POST unsubscribes, and says so; the spent link then says it does not work.
        r = self.api.public("POST", action, "List-Unsubscribe=One-Click", FORM)
        self.assertEqual(r.status, 200, r.body[:300])
        self.assertIn("You are unsubscribed", r.body.decode())
        self.assertEqual(self.api.db.query(state), "t|f")
        r, body = self.get(local(link))
        self.assertEqual(r.status, 400)
        self.assertIn("This link does not work", body)
        self.assertNotIn("<form", body)
        r = self.api.public("POST", action, "List-Unsubscribe=One-Click", FORM)
        self.assertEqual(r.status, 400)
        r, body = self.get("/status/confirm?token=1.c." + "a" * 64 + "&lang=es")
        self.assertEqual(r.status, 400)
        self.assertIn("Este enlace no funciona", body)


if __name__ == "__main__":
    unittest.main()
