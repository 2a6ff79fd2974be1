# SPDX-License-Identifier: Apache-2.0
"""The console's inbox queries on GET /tickets: keyset pages by creation (`after` =
the previous page's `nextCursor`) and the "at risk of SLA breach" filter (`sla=at_risk`)."""
import unittest

from api_client import ADMIN_TOKEN, Api


class InboxPagingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()
        _, cls.customer = cls.api.customer("paging@example.com")
        cls.tickets = [cls.api.ticket(cls.customer, subject=f"Paging {i}") for i in range(5)]
        cls.api.settle()

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def page(self, query):
        return self.api.call("GET", "/tickets?customer=" + str(self.tickets[0]["customer"]["id"]) + "&" + query,
                             expect=200)

    def test_keyset_pages_cover_every_ticket_once_even_when_new_ones_arrive(self):
        first = self.page("limit=2&sort=-createdAt")
        ids = [t["id"] for t in first["tickets"]]
        cursor = first["pagination"]["nextCursor"]
        self.assertEqual(ids, [self.tickets[4]["id"], self.tickets[3]["id"]])
        newcomer = self.api.ticket(self.customer, subject="Arrived between two pages")
        while cursor:
            more = self.page(f"limit=2&sort=-createdAt&after={cursor}")
            ids += [t["id"] for t in more["tickets"]]
            cursor = more["pagination"].get("nextCursor")
        self.assertEqual(ids, [t["id"] for t in reversed(self.tickets)], "each once, in order")
        self.assertNotIn(newcomer["id"], ids, "a newer ticket does not shift an older page")
        oldest_first = self.page("limit=3&sort=createdAt")
        rest = self.page("limit=3&sort=createdAt&after=" + oldest_first["pagination"]["nextCursor"])
        self.assertEqual([t["id"] for t in rest["tickets"]][:2], [self.tickets[3]["id"], self.tickets[4]["id"]])

    def test_a_bad_cursor_or_sort_is_refused(self):
        for query in ("after=abc", "after=1.x", "after=12.3&sort=priority", "after=12.3&q=paging"):
            r = self.api.raw("GET", "/tickets?" + query, token=ADMIN_TOKEN)
            self.assertEqual(r.status, 400, query)

    def test_at_risk_lists_open_tickets_due_within_the_hour(self):
        soon, later, done = self.tickets[0], self.tickets[1], self.tickets[2]
        db = self.api.db
        db.query("UPDATE ticket_sla SET first_response_due = now() + interval '3 days', "
                 "resolution_due = now() + interval '3 days' WHERE ticket_id IN "
                 f"({soon['id']}, {later['id']}, {done['id']})")
        db.query(f"UPDATE ticket_sla SET resolution_due = now() + interval '30 minutes' WHERE ticket_id IN ({soon['id']}, {done['id']})")
        self.api.call("PUT", f"/tickets/{done['id']}/status", {"status": "closed"}, expect=200)
        at_risk = {t["id"] for t in self.page("sla=at_risk&limit=100")["tickets"]}
        self.assertIn(soon["id"], at_risk)
        self.assertNotIn(later["id"], at_risk)
        self.assertNotIn(done["id"], at_risk, "a closed ticket is not at risk")
        self.assertEqual(self.api.raw("GET", "/tickets?sla=soon", token=ADMIN_TOKEN).status, 400)


if __name__ == "__main__":
    unittest.main()
