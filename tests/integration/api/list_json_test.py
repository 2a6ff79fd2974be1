# SPDX-License-Identifier: Apache-2.0
"""Lists build their tickets' JSON in one set-based query (fd_ticket_objects, migration 0013):
the objects must be exactly those of a single ticket, in the list's order, for every role, and
the dashboard and searches must give the same tickets their plain lists give."""
import json
import unittest

from api_client import ADMIN_TOKEN, Api


class ListJsonTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()
        cls.agent, cls.agent_token = cls.api.agent("Jo Json")
        cls.cust_id, cls.cust = cls.api.customer("json@example.com")
        api = cls.api
        cls.tickets = [api.ticket(cls.cust, subject=f"Json case {i} quokka", priority=p,
                                  tags=["json", f"t{i}"])
                       for i, p in enumerate(["urgent", "low", "high", "medium", "low"])]
        ids = [t["id"] for t in cls.tickets]
        for tid in ids[:4]:
            api.call("PUT", f"/tickets/{tid}/assign", {}, token=cls.agent_token, expect=200)
        for status in ("in_progress", "waiting_customer"):
            api.call("PUT", f"/tickets/{ids[1]}/status", {"status": status},
                     token=cls.agent_token, expect=200)
        api.call("POST", f"/tickets/{ids[2]}/messages", {"message": "We refunded the quokka fee"},
                 token=cls.agent_token, expect=201)
        api.call("PUT", f"/tickets/{ids[3]}/close",
                 {"summary": "Done", "resolutionType": "solved", "resolutionNotes": "staff only"},
                 token=cls.agent_token, expect=200)
        api.settle()
        # The shipped rules may have handed the last ticket to the agent; the dashboard test
        # needs one in the unassigned queue.
        api.db.query(f"UPDATE tickets SET assigned_to = NULL, status = 'open' WHERE id = {ids[4]}")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def get(self, path, token=ADMIN_TOKEN):
        return self.api.call("GET", path, token=token, expect=200)

    def test_list_objects_are_the_single_ticket_objects(self):
        ids = [t["id"] for t in self.tickets]
        for staff in ("true", "false"):
            with self.subTest(staff=staff):
                # One statement, so both see the same now() for the SLA minutes remaining.
                listed, single = self.api.db.query(
                    f"SELECT (SELECT json_agg(ticket ORDER BY ord) "
                    f"FROM fd_ticket_objects(ARRAY{ids[::-1]}::bigint[], {staff})), "
                    f"(SELECT jsonb_agg(fd_ticket_json(t, {staff}, false) ORDER BY t.id DESC) "
                    f"FROM tickets t WHERE t.id = ANY (ARRAY{ids}::bigint[]))").split("|")
                self.assertEqual(json.loads(listed), json.loads(single))
        self.assertEqual(self.api.db.query(f"SELECT string_agg(ord::text, ',' ORDER BY ord) "
                                           f"FROM fd_ticket_objects(ARRAY[0, {ids[0]}, 0], true)"), "2",
                         "ids of missing tickets give no row")

    def test_list_answer_matches_get_ticket(self):
        for token in (ADMIN_TOKEN, self.cust):
            listed = self.get(f"/tickets?customer={self.cust_id}&sort=createdAt", token=token) \
                if token == ADMIN_TOKEN else self.get("/tickets?sort=createdAt", token=token)
            self.assertEqual([t["id"] for t in listed["tickets"]], [t["id"] for t in self.tickets])
            self.assertEqual(listed["count"], 5)
            self.assertEqual(listed["total"], 5)
            for t in listed["tickets"]:
                one = self.get(f"/tickets/{t['id']}", token=token)["ticket"]
                one.pop("messages")
                # Minutes remaining may tick over between the two calls.
                for key in ("firstResponseMinutesRemaining", "resolutionMinutesRemaining"):
                    self.assertEqual(key in t["sla"], key in one["sla"])
                    if key in t["sla"]:
                        self.assertLessEqual(abs(t["sla"].pop(key) - one["sla"].pop(key)), 1)
                self.assertEqual(t, one)
        closed = self.get(f"/tickets/{self.tickets[3]['id']}", token=self.cust)["ticket"]
        self.assertIsNone(closed["resolution"]["notes"], "customers never see resolution notes")

    def test_pagination_count_and_total(self):
        page = self.get(f"/tickets?customer={self.cust_id}&limit=2&page=3")
        self.assertEqual((page["count"], page["total"], len(page["tickets"])), (1, 5, 1))
        self.assertEqual(page["pagination"], {"page": 3, "limit": 2, "total": 5, "pages": 3})
        beyond = self.get(f"/tickets?customer={self.cust_id}&limit=2&page=4")
        self.assertEqual((beyond["count"], beyond["total"], beyond["tickets"]), (0, 5, []))

    def test_agent_open_tickets_newest_first(self):
        mine = self.get("/tickets?status=open&assignedTo=me", token=self.agent_token)
        expected = [t["id"] for t in self.tickets[:3]][::-1]
        self.assertEqual([t["id"] for t in mine["tickets"]], expected)
        self.assertEqual(mine["total"], 3)
        self.assertTrue(all(t["assignedTo"]["id"] == self.agent["id"] for t in mine["tickets"]))

    def test_dashboard_lists(self):
        board = self.get("/dashboard", token=self.agent_token)["dashboard"]
        self.assertEqual([t["id"] for t in board["assignedTickets"]],
                         [t["id"] for t in self.tickets[:3]][::-1])
        unassigned = [t["id"] for t in board["unassignedTickets"]]
        self.assertIn(self.tickets[4]["id"], unassigned)
        self.assertTrue(all(t["assignedTo"] is None for t in board["unassignedTickets"]))
        self.assertEqual([t["id"] for t in board["urgentTickets"]], [self.tickets[0]["id"]])
        self.assertTrue(all(t["priority"] == "urgent" for t in board["urgentTickets"]))
        self.assertEqual(board["currentWorkload"],
                         int(self.api.db.query(f"SELECT open_tickets FROM agents WHERE id = {self.agent['id']}")))

    def test_search_with_and_without_filters(self):
        plain = self.get("/tickets?q=quokka")
        self.assertEqual(plain["total"], 5)
        self.assertEqual(plain["tickets"][0]["id"], self.tickets[2]["id"],
                         "the ticket whose message also matches ranks first")
        filtered = self.get("/tickets?q=quokka&priority=low")
        self.assertEqual([t["id"] for t in filtered["tickets"]], [self.tickets[4]["id"], self.tickets[1]["id"]])
        self.assertEqual(filtered["total"], 2)
        by_date = self.get("/tickets?q=quokka&sort=createdAt&limit=2&page=2")
        self.assertEqual([t["id"] for t in by_date["tickets"]], [t["id"] for t in self.tickets[2:4]])
        self.assertEqual((by_date["count"], by_date["total"]), (2, 5))
        mine = self.get("/tickets?q=quokka&status=open&assignedTo=me", token=self.agent_token)
        self.assertEqual(mine["total"], 3)
        self.assertEqual(self.get("/tickets?q=refunded", token=self.cust)["total"], 1,
                         "a public reply is searchable by its customer")


if __name__ == "__main__":
    unittest.main()
