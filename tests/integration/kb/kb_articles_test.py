# SPDX-License-Identifier: Apache-2.0
"""Articles over real HTTP: create, read, visibility, safe Markdown, revisions, outdated
translations, feedback limits, views, categories, and refusals that change nothing."""
import json
import re
import unittest

from kb_client import Kb


class KbArticles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Kb()
        cls.agent, cls.agent_token = cls.api.agent("Kim Agent")
        _, cls.customer_token = cls.api.customer("cu@example.com")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def count(self, table):
        return int(self.api.db.query(f"SELECT count(*) FROM {table}"))

    def test_create_read_and_publish(self):
        a = self.api.article("first-steps", [("en", "First steps", "Welcome **aboard**.")],
                             status="draft", tags=["onboarding"])
        self.assertEqual(a["status"], "draft")
        self.assertEqual(a["tags"], ["onboarding"])
        self.assertEqual(a["translations"][0]["html"], "<p>Welcome <strong>aboard</strong>.</p>\n")
        self.assertFalse(a["translations"][0]["outdated"])
        for key in ("id", "slug", "categoryId", "visibility", "views", "helpful", "notHelpful"):
            self.assertIn(key, a)
        # A draft is hidden from the public (and from customers), shown to agents.
        self.assertEqual(self.api.public("GET", "/kb/articles/first-steps").status, 404)
        self.assertEqual(self.api.raw("GET", "/kb/articles/first-steps", token=self.customer_token).status, 404)
        self.assertEqual(self.api.raw("GET", f"/kb/articles/{a['id']}", token=self.agent_token).status, 200)
        self.api.call("PUT", f"/kb/articles/{a['id']}", {"status": "published"}, token=self.agent_token, expect=200)
        r = self.api.public("GET", "/kb/articles/first-steps")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["article"]["id"], a["id"])

    def test_internal_articles_are_for_agents(self):
        a = self.api.article("refund-approvals", [("en", "Refund approvals", "Refunds over 100 need a lead.")],
                             visibility="internal")
        self.assertEqual(self.api.public("GET", f"/kb/articles/{a['id']}").status, 404)
        self.assertEqual(self.api.raw("GET", f"/kb/articles/{a['id']}", token=self.customer_token).status, 404)
        self.assertEqual(self.api.raw("GET", f"/kb/articles/{a['id']}", token=self.agent_token).status, 200)
        public_list = self.api.public("GET", "/kb/articles?limit=100").json()["articles"]
        self.assertNotIn("refund-approvals", [x["slug"] for x in public_list])
        agent_list = self.api.call("GET", "/kb/articles?limit=100", token=self.agent_token)["articles"]
        self.assertIn("refund-approvals", [x["slug"] for x in agent_list])

    def test_markdown_never_passes_script(self):
        hostile = "\n\n".join([
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(2)>",
            "[a](javascript:alert(3))",
            "[b](JaVaScRiPt:alert(4))",
            "[c](java&#x09;script:alert(5))",
            "[d](&#106;avascript:alert(6))",
            "![e](javascript:alert(7))",
            "[f](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(8)\">g</a>",
            "[ok](https://example.com/help) and [rel](/help/articles/x)",
        ])
        a = self.api.article("hostile-markdown", [("en", "<script>alert('t')</script> title", hostile)])
        html = a["translations"][0]["html"]
        self.assertNotRegex(html.lower(), r"<script|javascript:|onerror|data:text|<img src=\"?x")
        self.assertIn('href="https://example.com/help"', html)
        self.assertIn('href="/help/articles/x"', html)
        # The title is text: JSON carries it as written, and snippets escape it.
        self.assertEqual(a["translations"][0]["title"], "<script>alert('t')</script> title")

    def test_refusals_change_nothing(self):
        self.api.article("taken-slug", [("en", "Taken", "x")])
        before = self.count("kb_articles"), self.count("kb_article_translations"), self.count("kb_revisions")
        cases = [
            ({"slug": "taken-slug", "translations": [{"locale": "en", "title": "T", "body": "b"}]}, 409),
            ({"slug": "Bad Slug", "translations": [{"locale": "en", "title": "T", "body": "b"}]}, 422),
            ({"slug": "12345", "translations": [{"locale": "en", "title": "T", "body": "b"}]}, 422),
            ({"slug": "ok-1", "translations": [{"locale": "english!", "title": "T", "body": "b"}]}, 422),
            ({"slug": "ok-2", "translations": [{"locale": "en", "title": "T" * 301, "body": "b"}]}, 422),
            ({"slug": "ok-3", "translations": [{"locale": "en", "title": "T", "body": "b" * 200001}]}, 413),
            ({"slug": "ok-4", "translations": [{"locale": "en", "title": "T", "body": "b"}], "colour": 1}, 422),
            ({"slug": "ok-5", "status": "live", "translations": [{"locale": "en", "title": "T"}]}, 422),
            ({"slug": "ok-6", "categoryId": 999999, "translations": [{"locale": "en", "title": "T"}]}, 422),
            ({"slug": "ok-7", "translations": []}, 422),
            ("{not json", 400),
        ]
        for body, status in cases:
            r = self.api.raw("POST", "/kb/articles", body, token=self.agent_token)
            self.assertEqual(r.status, status, f"{body!r}: {r.body[:200]!r}")
            self.assertFalse(r.json()["success"])
        # Writing needs a staff token.
        ok = {"slug": "ok-8", "translations": [{"locale": "en", "title": "T"}]}
        self.assertEqual(self.api.public("POST", "/kb/articles", ok).status, 401)
        self.assertEqual(self.api.raw("POST", "/kb/articles", ok, token=self.customer_token).status, 403)
        after = self.count("kb_articles"), self.count("kb_article_translations"), self.count("kb_revisions")
        self.assertEqual(before, after)

    def test_revisions_diff_and_restore(self):
        a = self.api.article("billing-cycle", [("en", "Billing cycle", "We bill monthly.\nOn the 1st.")])
        aid = a["id"]
        self.api.call("PUT", f"/kb/articles/{aid}",
                      {"translations": [{"locale": "en", "body": "We bill yearly.\nOn the 1st."}]}, expect=200)
        revs = self.api.call("GET", f"/kb/articles/{aid}/revisions", expect=200)["revisions"]
        self.assertEqual([r["number"] for r in revs], [2, 1])
        self.assertEqual(revs[0]["actor"], "admin")
        rev = self.api.call("GET", f"/kb/articles/{aid}/revisions/2", expect=200)["revision"]
        body_diff = rev["diff"]["translations"][0]["body"]
        self.assertEqual(body_diff, ["- We bill monthly.", "+ We bill yearly.", "  On the 1st."])
        self.api.call("POST", f"/kb/articles/{aid}/revisions/1/restore", {}, expect=200)
        now = self.api.call("GET", f"/kb/articles/{aid}", expect=200)["article"]
        self.assertEqual(now["translations"][0]["body"], "We bill monthly.\nOn the 1st.")
        self.assertEqual(now["revision"], 3)
        # Revisions are for staff only.
        self.assertEqual(self.api.public("GET", f"/kb/articles/{aid}/revisions").status, 401)
        self.assertEqual(self.api.raw("GET", f"/kb/articles/{aid}/revisions/9", token=ADMIN).status, 404)

    def test_outdated_translations(self):
        a = self.api.article("delivery-times", [("en", "Delivery times", "Two days."),
                                                ("es", "Plazos de entrega", "Dos días.")])
        aid = a["id"]
        self.assertEqual([t["outdated"] for t in a["translations"]], [False, False])
        a = self.api.call("PUT", f"/kb/articles/{aid}",
                          {"translations": [{"locale": "en", "body": "Three days."}]}, expect=200)["article"]
        outdated = {t["locale"]: t["outdated"] for t in a["translations"]}
        self.assertEqual(outdated, {"en": False, "es": True})
        a = self.api.call("PUT", f"/kb/articles/{aid}",
                          {"translations": [{"locale": "es", "body": "Tres días."}]}, expect=200)["article"]
        self.assertEqual({t["locale"]: t["outdated"] for t in a["translations"]}, {"en": False, "es": False})
        # ?locale= picks one translation along the fallback chain.
        r = self.api.public("GET", f"/kb/articles/{aid}?locale=es-MX").json()["article"]
        self.assertEqual((r["locale"], r["fallback"], len(r["translations"])), ("es", True, 1))
        r = self.api.public("GET", f"/kb/articles/{aid}?locale=tr").json()["article"]
        self.assertEqual((r["locale"], r["fallback"]), ("en", True))

    def test_feedback_one_vote_per_visitor_and_day(self):
        a = self.api.article("vote-me", [("en", "Vote me", "Was this helpful?")])
        path = f"/kb/articles/{a['id']}/feedback"
        r = self.api.public("POST", path, {"helpful": True}, visitor="visitor-aaaa-1111")
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual((r.json()["helpful"], r.json()["notHelpful"]), (1, 0))
        r = self.api.public("POST", path, {"helpful": False, "reason": "outdated"}, visitor="visitor-aaaa-1111")
        self.assertEqual(r.status, 429)
        r = self.api.public("POST", path, {"helpful": False, "reason": "outdated", "comment": "old screenshots"},
                            visitor="visitor-bbbb-2222")
        self.assertEqual(r.status, 201)
        # Without a cookie the client address is the visitor.
        self.assertEqual(self.api.public("POST", path, {"helpful": True}).status, 201)
        self.assertEqual(self.api.public("POST", path, {"helpful": True}).status, 429)
        self.assertEqual(self.api.public("POST", path, {}, visitor="visitor-cccc-3333").status, 422)
        article = self.api.call("GET", f"/kb/articles/{a['id']}", expect=200)["article"]
        self.assertEqual((article["helpful"], article["notHelpful"]), (2, 1))
        self.assertEqual(self.api.db.query(
            f"SELECT string_agg(coalesce(reason, '-'), ',' ORDER BY id) FROM kb_feedback WHERE article_id = {a['id']}"),
            "-,outdated,-")
        # A draft takes no votes from the public.
        d = self.api.article("draft-vote", [("en", "Draft", "x")], status="draft")
        self.assertEqual(self.api.public("POST", f"/kb/articles/{d['id']}/feedback", {"helpful": True}).status, 404)

    def test_views_and_suggestion_opens(self):
        a = self.api.article("count-views", [("en", "Count views", "Seen.")])
        for _ in range(3):
            self.assertEqual(self.api.public("GET", "/kb/articles/count-views").status, 200)
        self.assertEqual(self.api.public("GET", "/kb/articles/count-views?from=suggestion",
                                         visitor="visitor-dddd-4444").status, 200)
        article = self.api.call("GET", f"/kb/articles/{a['id']}", expect=200)["article"]
        self.assertEqual(article["views"], 4)  # agents' reads are not views
        self.assertEqual(article["deflection"]["opened"], 1)
        # An open older than a day without a ticket counts as deflected.
        self.api.db.query(f"UPDATE kb_suggestion_opens SET opened_at = now() - interval '25 hours' "
                          f"WHERE article_id = {a['id']}")
        article = self.api.call("GET", f"/kb/articles/{a['id']}", expect=200)["article"]
        self.assertEqual(article["deflection"], {"opened": 1, "deflected": 1, "ticketFiled": 0})

    def test_categories(self):
        parent = self.api.call("POST", "/kb/categories", {
            "slug": "billing", "position": 2,
            "translations": [{"locale": "en", "name": "Billing"}, {"locale": "es", "name": "Facturación"}]},
            expect=201)["category"]
        child = self.api.call("POST", "/kb/categories", {
            "slug": "invoices", "parentId": parent["id"], "translations": [{"locale": "en", "name": "Invoices"}]},
            expect=201)["category"]
        self.assertEqual(child["parentId"], parent["id"])
        self.assertEqual(self.api.raw("POST", "/kb/categories", {
            "slug": "billing", "translations": [{"locale": "en", "name": "Again"}]}, token=ADMIN).status, 409)
        # No cycles.
        self.assertEqual(self.api.raw("PUT", f"/kb/categories/{parent['id']}", {"parentId": child["id"]},
                                      token=ADMIN).status, 422)
        listed = self.api.public("GET", "/kb/categories").json()["categories"]
        self.assertEqual({c["slug"] for c in listed} >= {"billing", "invoices"}, True)
        a = self.api.article("invoice-copy", [("en", "Invoice copy", "Download it.")], categoryId=child["id"])
        self.assertEqual(a["categoryId"], child["id"])
        listed = self.api.public("GET", "/kb/articles?category=invoices").json()["articles"]
        self.assertEqual([x["slug"] for x in listed], ["invoice-copy"])


ADMIN = "fdx_bootstrap_admin_for_tests_0123456789"

if __name__ == "__main__":
    unittest.main()
