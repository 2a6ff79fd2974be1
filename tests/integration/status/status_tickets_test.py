# SPDX-License-Identifier: Apache-2.0
"""Incidents meet tickets, with the shipped rules (rules/60-status.yaml): while an incident is
open, a new ticket whose words or category name one of its components is tagged with it and
answered with its link; resolving it tells those tickets' customers, by mail through a real
SMTP peer; the help center's pages (index, search, articles) and the web form /support/new
show the open incidents' banner. The tie-in comes before the shipped rules that stop the chain,
so an urgent payment ticket is tied and still routed. Drafts, resolved incidents and tickets about
something else are left alone, and a component's bad keywords or category change nothing."""
import os
import unittest

from status_client import Status, wait_until
from daemon_harness import free_port
from smtp_sink import SmtpSink

SHIPPED_RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "rules")


class IncidentTickets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink()
        channels = ("  webform: { enabled: true, rate_limit_per_minute: 1000 }\n"
                    "  email:\n    enabled: true\n    address: help@example.com\n"
                    f"    listen: 127.0.0.1:{free_port()}\n"
                    f"    outbound: {{ host: 127.0.0.1, port: {cls.sink.port} }}\n")
        cls.api = Status(channels=channels,
                         extra=f"rules: {{ dir: {os.path.abspath(SHIPPED_RULES)} }}\n"
                               "public_url: https://desk.example.com\n"
                               "outbox: { poll_interval: 200ms, backoff_base: 100ms }\n")
        cls.payments = cls.api.ok("POST", "/components", {"name": "Payments", "keywords": ["checkout", "card declined"],
                                                          "category": "payment"}, expect=201)["component"]
        cls.mailbox = cls.api.ok("POST", "/components", {"name": "Mailbox", "keywords": ["mailbox"]},
                                 expect=201)["component"]
        cls.api.call("POST", "/kb/articles", {"slug": "paying", "status": "published", "visibility": "public",
                                              "translations": [{"locale": "en", "title": "Paying",
                                                                "body": "How to pay."}]}, expect=201)

    @classmethod
    def tearDownClass(cls):
        code = cls.api.stop()
        cls.sink.stop()
        assert code == 0

    def ticket(self, who, subject, description, **extra):
        _, token = self.api.customer(f"{who}@example.org")
        return self.api.ticket(token, subject=subject, description=description, **extra)

    def tags(self, ticket):
        return self.api.db.query(f"SELECT array_to_string(tags, ',') FROM tickets WHERE id = {ticket['id']}").split(",")

    def mail(self, who, subject_start, count=1):
        return wait_until(lambda: (lambda m: m if len(m) >= count else None)(self.sink.to(f"{who}@example.org",
                                                                                        subject_start)),
                          30, f"mail '{subject_start}…' to {who}")

    def incident(self, title, components, draft=False):
        return self.api.ok("POST", "/incidents", {"title": title, "components": components, "impact": "major",
                                                  "message": "We are on it.", "draft": draft}, expect=201)["incident"]

    def help_page(self, path="/help?lang=es"):
        r = self.api.public("GET", path)
        self.assertEqual(r.status, 200, r.body)
        return r.body.decode()

    def help_pages(self):
        return [self.help_page(p) for p in ("/help?lang=es", "/help/search?q=pay", "/help/articles/paying")]

    def form_page(self):
        r = self.api.public("GET", "/support/new")
        self.assertEqual(r.status, 200, r.body)
        return r.body.decode()

    def test_components_keep_their_words_and_refuse_bad_ones(self):
        self.assertEqual(self.payments["keywords"], ["checkout", "card declined"])
        self.assertEqual(self.payments["category"], "payment")
        before = self.api.snapshot()
        for bad in ({"name": "X", "category": "weather"}, {"name": "X", "keywords": ["ok", " "]},
                    {"name": "X", "keywords": "checkout"}, {"name": "X", "keywords": [3]}):
            r = self.api.admin("POST", "/components", bad)
            self.assertEqual(r.status, 422, (bad, r.body))
            self.assertEqual(r.json()["error"]["code"], "validation_failed")
        r = self.api.admin("PUT", f"/components/{self.mailbox['id']}", {"category": "weather"})
        self.assertEqual(r.status, 422, r.body)
        self.assertIn("weather", r.json()["error"]["message"])
        self.assertEqual(self.api.snapshot(), before)
        # A good change goes through (the control) and can clear the category again.
        changed = self.api.ok("PUT", f"/components/{self.mailbox['id']}", {"category": "account"})["component"]
        self.assertEqual(changed["category"], "account")
        cleared = self.api.ok("PUT", f"/components/{self.mailbox['id']}", {"category": ""})["component"]
        self.assertIsNone(cleared["category"])
        self.assertEqual(cleared["keywords"], ["mailbox"])

    def test_tickets_during_an_incident_are_tied_answered_and_told_of_its_end(self):
        # Before any incident: nothing ties the ticket, and /help has no banner.
        early = self.ticket("early", "Checkout broken", "The checkout page fails")
        self.api.settle()  # its ticket.created has run its rules
        for page in self.help_pages() + [self.form_page()]:
            self.assertNotIn('<aside class="incident-banner"', page)
        draft = self.incident("Mail is slow", ["Mailbox"], draft=True)
        opened = self.incident("Card payments failing", ["Payments"])
        anchor = f"https://desk.example.com/status#incident-{opened['id']}"
        by_words = self.ticket("ann", "Help", "My card declined twice at the CHECKOUT today")
        by_category = self.ticket("bob", "Question", "Where is my receipt?", category="payment")
        other = self.ticket("cem", "Mailbox full", "My mailbox says it is full")
        # Matches the shipped "urgent payment problems go to billing", which stops the chain.
        urgent = self.ticket("eve", "Refund", "I was charged twice", category="payment")
        tag = f"incident-{opened['id']}"
        for t in (by_words, by_category, urgent):
            wait_until(lambda t=t: tag in self.tags(t), 30, f"{t['ticketNumber']} to be tagged {tag}")
            answer = self.mail({by_words["id"]: "ann", by_category["id"]: "bob"}.get(t["id"], "eve"),
                               "We are working on it")[0]
            self.assertIn(anchor, answer.get_content())
            self.assertIn("Card payments failing", answer["Subject"])
        self.api.settle()
        self.assertEqual(self.api.db.query(f"SELECT priority FROM tickets WHERE id = {urgent['id']}"), "urgent")
        self.assertIn("refund", self.tags(urgent))
        # The draft's component and the ticket from before the incident stay untied.
        for t in (early, other):
            self.assertFalse(any(x.startswith("incident-") for x in self.tags(t)), (t["subject"], self.tags(t)))
        self.assertEqual(self.api.db.query(
            f"SELECT string_agg(ticket_id::text, ',' ORDER BY ticket_id) FROM status_incident_tickets"),
            f"{by_words['id']},{by_category['id']},{urgent['id']}")
        self.assertEqual(self.sink.to("cem@example.org", "We are working on it"), [])
        # The banner on /help names the published incident (in the visitor's language), not the draft.
        page = self.help_page()
        self.assertIn('<aside class="incident-banner"', page)
        self.assertIn("Card payments failing", page)
        self.assertIn(f'href="/status?lang=es#incident-{opened["id"]}"', page)
        self.assertIn("Un problema en el que estamos trabajando", page)
        self.assertNotIn("Mail is slow", page)
        for other_page in self.help_pages()[1:]:
            self.assertIn(f'<a href="/status#incident-{opened["id"]}">Card payments failing</a>', other_page)
        form = self.form_page()
        self.assertIn(f'<a href="/status#incident-{opened["id"]}">Card payments failing</a>', form)
        self.assertNotIn("Mail is slow", form)

        self.api.ok("POST", f"/incidents/{opened['id']}/updates", {"status": "resolved", "message": "Fixed."},
                    expect=201)
        for who in ("ann", "bob", "eve"):
            told = self.mail(who, "Resolved: Card payments failing")[0]
            self.assertIn(anchor, told.get_content())
        self.api.settle()
        self.assertEqual(self.sink.to("cem@example.org", "Resolved"), [])
        self.assertEqual(self.sink.to("early@example.org", "Resolved"), [])
        for page in self.help_pages() + [self.form_page()]:
            self.assertNotIn('<aside class="incident-banner"', page)
        # Once resolved, a new ticket on the same words is not tied any more.
        late = self.ticket("dan", "Checkout again", "checkout fails")
        self.api.settle()
        self.assertFalse(any(x.startswith("incident-") for x in self.tags(late)), self.tags(late))
        self.api.ok("POST", f"/incidents/{draft['id']}/updates", {"status": "resolved", "message": "Done."},
                    expect=201)


if __name__ == "__main__":
    unittest.main()
