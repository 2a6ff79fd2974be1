# SPDX-License-Identifier: Apache-2.0
"""Lists, filters, pagination, full-text ranking, merge, bulk atomicity, outbound replies,
audit events, stats against hand-computed figures and /metrics, on real PostgreSQL."""
import unittest

from api_client import ADMIN_TOKEN, Api


class WorkflowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()
        cls.agent, cls.agent_token = cls.api.agent("Lena Lists")
        cls.cust_id, cls.cust = cls.api.customer("lists@example.com")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def get(self, path, token=ADMIN_TOKEN):
        return self.api.call("GET", path, token=token, expect=200)

    def test_pagination_and_filters(self):
        _, tok = self.api.customer("pager@example.com")
        made = []
        for i in range(23):
            made.append(self.api.ticket(tok, subject=f"Pager ticket {i}",
                                        category="billing" if i % 2 else "account",
                                        priority="urgent" if i % 5 == 0 else "low",
                                        tags=["pager", "even" if i % 2 == 0 else "odd"]))
        page = self.get("/tickets?limit=10&page=3", token=tok)
        self.assertEqual(page["pagination"], {"page": 3, "limit": 10, "total": 23, "pages": 3})
        self.assertEqual(len(page["tickets"]), 3)
        first = self.get("/tickets?limit=10", token=tok)["tickets"]
        self.assertEqual(first[0]["id"], made[-1]["id"], "newest first by default")
        self.assertEqual(self.get("/tickets?category=billing&tags=pager", token=tok)["total"], 11)
        self.assertEqual(self.get("/tickets?tags=pager,even", token=tok)["total"], 12)
        self.assertEqual(self.get("/tickets?priority=urgent", token=tok)["total"], 5)
        urgent_first = self.get("/tickets?sort=priority&limit=5", token=tok)["tickets"]
        self.assertTrue(all(t["priority"] == "urgent" for t in urgent_first))
        self.api.call("PUT", f"/tickets/{made[0]['id']}/assign", {}, token=self.agent_token, expect=200)
        cid = made[0]["customer"]["id"]
        mine = self.get(f"/tickets?status=open&assignedTo=me&customer={cid}", token=self.agent_token)
        self.assertEqual([t["id"] for t in mine["tickets"]], [made[0]["id"]])
        self.assertEqual(self.get(f"/tickets?assignedTo=none&customer={cid}")["total"], 22)
        self.assertEqual(self.get(f"/tickets?status=assigned&customer={cid}")["total"], 1)
        self.api.db.query(f"UPDATE tickets SET created_at = '2024-01-15T12:00:00Z' WHERE id = {made[1]['id']}")
        ranged = self.get(f"/tickets?createdFrom=2024-01-15&createdTo=2024-01-15&customer={cid}")
        self.assertEqual([t["id"] for t in ranged["tickets"]], [made[1]["id"]])
        for bad in ["limit=101", "page=0", "status=nope", "priority=critical", "assignedTo=x",
                    "createdFrom=yesterday", "sort=random"]:
            with self.subTest(query=bad):
                r = self.api.raw("GET", "/tickets?" + bad, None, tok)
                self.assertEqual(r.status, 400)
                self.assertFalse(r.json()["success"])
        # A customer's list never holds another customer's tickets.
        self.assertEqual(self.get("/tickets", token=self.cust)["total"],
                         int(self.api.db.query(f"SELECT count(*) FROM tickets WHERE customer_id = {self.cust_id}")))

    def test_full_text_search_is_ranked(self):
        _, tok = self.api.customer("search@example.com")
        in_subject = self.api.ticket(tok, subject="Refund for zanzibar booking", description="Please help")
        in_body = self.api.ticket(tok, subject="Question", description="Something about my trip")
        self.api.call("POST", f"/tickets/{in_body['id']}/messages", {"message": "It was the zanzibar trip"},
                      token=tok, expect=201)
        noise = self.api.ticket(tok, subject="Unrelated", description="Nothing here")
        internal = self.api.ticket(tok, subject="Other", description="plain")
        self.api.call("POST", f"/tickets/{internal['id']}/messages",
                      {"message": "zanzibar mentioned internally", "isInternal": True}, expect=201)
        hits = self.get("/tickets?q=zanzibar")["tickets"]
        ids = [t["id"] for t in hits]
        self.assertEqual(ids[0], in_subject["id"], "a subject match outranks a message match")
        self.assertIn(in_body["id"], ids)
        self.assertIn(internal["id"], ids, "staff search internal notes")
        self.assertNotIn(noise["id"], ids)
        customer_ids = [t["id"] for t in self.get("/tickets?q=zanzibar", token=tok)["tickets"]]
        self.assertNotIn(internal["id"], customer_ids, "customers never match on internal notes")
        by_number = self.get(f"/tickets?q={noise['ticketNumber']}")["tickets"]
        self.assertEqual([t["id"] for t in by_number], [noise["id"]])
        self.assertEqual(self.get("/tickets?q=the")["total"], 0, "stop words alone match nothing")

    def test_merge_moves_messages_and_closes_the_duplicate(self):
        a = self.api.ticket(self.cust, subject="Login broken", tags=["login"])
        b = self.api.ticket(self.cust, subject="Login still broken", tags=["urgent-ish"])
        r = self.api.call("POST", f"/tickets/{b['ticketNumber']}/merge", {"into": a["ticketNumber"]},
                          token=self.agent_token, expect=200)
        self.assertEqual(r["messagesMoved"], 1)
        dup = self.get(f"/tickets/{b['id']}")["ticket"]
        self.assertEqual(dup["status"], "closed")
        self.assertEqual(dup["mergedInto"], a["id"])
        self.assertEqual(dup["resolution"]["type"], "duplicate")
        self.assertEqual(dup["messages"], [])
        target = self.get(f"/tickets/{a['id']}")["ticket"]
        self.assertEqual(len(target["messages"]), 2)
        self.assertEqual(sorted(target["tags"]), ["login", "urgent-ish"])
        events = [e["event"] for e in self.get(f"/tickets/{b['id']}/events")["events"]]
        self.assertIn("status.changed", events)
        r = self.api.raw("POST", f"/tickets/{b['id']}/merge", {"into": str(a["id"])}, ADMIN_TOKEN)
        self.assertEqual(r.status, 409, "a closed duplicate cannot be merged again")

    def test_search_follows_merged_text(self):
        a = self.api.ticket(self.cust, subject="Printer jammed", description="The tray is stuck")
        b = self.api.ticket(self.cust, subject="Printer again", description="Xylophone noises from it",
                            tags=["gramophone"])
        self.assertEqual([t["id"] for t in self.get("/tickets?q=xylophone")["tickets"]], [b["id"]])
        self.assertEqual(self.api.db.query(
            f"SELECT count(*) FROM messages WHERE ticket_id = {b['id']} AND search_vector IS NOT NULL"), "0",
            "the opening message is searched through its ticket's description, not indexed again")
        self.api.call("POST", f"/tickets/{b['id']}/merge", {"into": str(a["id"])}, token=self.agent_token,
                      expect=200)
        self.assertEqual(sorted(t["id"] for t in self.get("/tickets?q=xylophone")["tickets"]),
                         sorted([a["id"], b["id"]]), "the moved message now matches its new ticket")
        self.assertIn(a["id"], [t["id"] for t in self.get("/tickets?q=gramophone")["tickets"]],
                      "the tags the merge added are searchable")

    def test_bulk_is_all_or_nothing(self):
        ok = self.api.ticket(self.cust, subject="Bulk one")
        closed = self.api.ticket(self.cust, subject="Bulk two")
        self.api.call("PUT", f"/tickets/{closed['id']}/close", {"resolutionType": "other"}, expect=200)
        self.api.settle()
        before = self.api.snapshot()
        r = self.api.raw("POST", "/tickets/bulk", {"ids": [str(ok["id"]), closed["ticketNumber"]],
                                                   "action": "close", "resolutionType": "solved"}, ADMIN_TOKEN)
        self.assertEqual(r.status, 409)
        self.assertIn(closed["ticketNumber"], r.json()["error"]["message"])
        self.assertEqual(self.api.snapshot(), before)
        self.assertEqual(self.get(f"/tickets/{ok['id']}")["ticket"]["status"], "open")
        two = self.api.ticket(self.cust, subject="Bulk three")
        r = self.api.call("POST", "/tickets/bulk", {"ids": [str(ok["id"]), str(two["id"])],
                                                    "action": "assign", "agentId": self.agent["id"]}, expect=200)
        self.assertEqual(r["updated"], 2)
        for t in (ok, two):
            got = self.get(f"/tickets/{t['id']}")["ticket"]
            self.assertEqual((got["status"], got["assignedTo"]["id"]), ("assigned", self.agent["id"]))
        r = self.api.call("POST", "/tickets/bulk", {"ids": [str(ok["id"]), str(two["id"])],
                                                    "action": "priority", "priority": "high"}, expect=200)
        self.assertEqual(self.get(f"/tickets/{two['id']}")["ticket"]["priority"], "high")

    def test_bulk_split_moves_each_tickets_own_messages(self):
        def second_message(ticket):
            self.api.call("POST", f"/tickets/{ticket['id']}/messages", {"message": "and another thing"},
                          token=self.cust, expect=201)
            return int(self.api.db.query(f"SELECT max(id) FROM messages WHERE ticket_id = {ticket['id']}"))

        a = self.api.ticket(self.cust, subject="Split one")
        b = self.api.ticket(self.cust, subject="Split two")
        other = self.api.ticket(self.cust, subject="Split bystander")
        ma, mb, mo = second_message(a), second_message(b), second_message(other)
        self.api.settle()
        before = self.api.snapshot()
        # A message on none of the listed tickets, and a ticket none of whose messages is named:
        # refused, and nothing changes.
        r = self.api.raw("POST", "/tickets/bulk", {"ids": [str(a["id"]), str(b["id"])], "action": "split",
                                                   "messageIds": [ma, mo]}, ADMIN_TOKEN)
        self.assertEqual((r.status, r.json()["error"]["code"]), (422, "validation_failed"))
        self.assertEqual(r.json()["error"]["message"], f"messageIds: message {mo} is on none of the tickets in ids")
        r = self.api.raw("POST", "/tickets/bulk", {"ids": [str(a["id"]), str(b["id"])], "action": "split",
                                                   "messageIds": [ma]}, ADMIN_TOKEN)
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["message"],
                         f"ticket {b['ticketNumber']}: messageIds must name at least one message")
        r = self.api.raw("POST", "/tickets/bulk", {"ids": [str(a["id"])], "action": "split",
                                                   "messageIds": "all"}, ADMIN_TOKEN)
        self.assertEqual((r.status, r.json()["error"]["message"]), (422, "messageIds must be an array of message ids"))
        self.assertEqual(self.api.snapshot(), before)

        r = self.api.call("POST", "/tickets/bulk", {"ids": [b["ticketNumber"], str(a["id"])], "action": "split",
                                                    "messageIds": [mb, ma]}, expect=200)
        self.assertEqual((r["updated"], r["tickets"]), (2, [a["ticketNumber"], b["ticketNumber"]]))
        self.assertEqual(len(r["created"]), 2)
        for source, moved, made in ((a, ma, r["created"][0]), (b, mb, r["created"][1])):
            new = self.get(f"/tickets/{made}")["ticket"]
            self.assertEqual([m["id"] for m in new["messages"]], [moved])
            kept = [m["id"] for m in self.get(f"/tickets/{source['id']}")["ticket"]["messages"]]
            self.assertNotIn(moved, kept)
            self.assertTrue(kept, "the source keeps its first message")
            events = [e["event"] for e in self.get(f"/tickets/{source['id']}/events")["events"]]
            self.assertIn("ticket.split", events)
        self.assertIn(mo, [m["id"] for m in self.get(f"/tickets/{other['id']}")["ticket"]["messages"]])

    def test_agent_reply_goes_through_the_outbox_and_notes_do_not(self):
        # A web-form ticket: the customer is known by email.
        r = self.api.raw("POST", "/tickets", {"name": "Wendy", "email": "wendy@example.com",
                                              "subject": "Form ticket", "description": "Hello"})
        self.assertIn(r.status, (200, 201), r.body)
        tid = self.api.db.query("SELECT id FROM tickets WHERE subject = 'Form ticket'")
        self.api.call("POST", f"/tickets/{tid}/messages", {"message": "note", "isInternal": True},
                      token=self.agent_token, expect=201)
        # (The web form's own confirmation, sent by its channel rule, is not counted here.)
        self.assertEqual(self.api.db.query(f"SELECT count(*) FROM outbox WHERE ticket_id = {tid} "
                                           "AND metadata ->> 'template' IS DISTINCT FROM 'webform_confirmation'"), "0")
        self.assertEqual(self.api.db.query(f"SELECT first_response_at IS NULL FROM tickets WHERE id = {tid}"), "t")
        reply = self.api.call("POST", f"/tickets/{tid}/messages", {"message": "We are on it"},
                              token=self.agent_token, expect=201)["message"]
        row = self.api.db.query(
            f"SELECT channel, to_kind, to_value, subject, body, message_id, status FROM outbox "
            f"WHERE message_id = {reply['id']}")
        channel, kind, value, subject, body, mid, status = row.split("|")
        number = self.api.db.query(f"SELECT number FROM tickets WHERE id = {tid}")
        # Web-form tickets are answered by email; this daemon has no email channel, so the
        # reply is dead-lettered (tests/integration/replies sends one for real).
        self.assertEqual((channel, kind, value, body, int(mid), status),
                         ("email", "email", "wendy@example.com", "We are on it", reply["id"], "dead"))
        self.assertEqual(subject, f"Re: Form ticket [{number}]")
        self.assertEqual(self.api.db.query(f"SELECT first_response_at IS NOT NULL FROM tickets WHERE id = {tid}"), "t")

    def test_changes_are_audited_with_design_event_names(self):
        t = self.api.ticket(self.cust, subject="Audit me")
        self.api.call("PUT", f"/tickets/{t['id']}/assign", {}, token=self.agent_token, expect=200)
        self.api.call("PUT", f"/tickets/{t['id']}/priority", {"priority": "urgent"}, token=self.agent_token, expect=200)
        self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "in_progress"}, token=self.agent_token, expect=200)
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "more info"}, token=self.cust, expect=201)
        self.api.call("PUT", "/availability", {"status": "away"}, token=self.agent_token, expect=200)
        events = self.get(f"/tickets/{t['id']}/events", token=self.agent_token)["events"]
        names = [(e["event"], e["actor"]["kind"]) for e in events]
        self.assertEqual(names, [("ticket.created", "customer"), ("ticket.updated", "agent"),
                                 ("status.changed", "agent"), ("ticket.updated", "agent"),
                                 ("status.changed", "agent"), ("message.received", "customer")])
        self.assertEqual((events[3]["oldValue"]["value"], events[3]["newValue"]["value"]), ("medium", "urgent"))
        self.assertEqual((events[4]["oldValue"], events[4]["newValue"]), ("assigned", "in_progress"))
        avail = self.api.db.query(
            "SELECT old_value #>> '{}', new_value #>> '{}', actor_kind FROM audit_events "
            "WHERE event = 'agent.availability_changed' ORDER BY id DESC LIMIT 1")
        self.assertEqual(avail, "available|away|agent")
        self.assertEqual(self.get("/dashboard", token=self.agent_token)["dashboard"]["currentWorkload"],
                         int(self.api.db.query(f"SELECT open_tickets FROM agents WHERE id = {self.agent['id']}")))

    def test_stats_match_hand_computed_figures(self):
        agent, _ = self.api.agent("Stan Stats")
        aid = agent["id"]
        q = self.api.db.query
        cust = q("INSERT INTO customers (name) VALUES ('Stats') RETURNING id")
        rows = [  # number, priority, category, channel, status, created, first response, resolved, escalation
            ("TKT-1-900001", "high", "payment", "email", "closed", "2025-10-01 10:00", "2025-10-01 10:20", "2025-10-01 12:00", 0),
            ("TKT-1-900002", "urgent", "booking", "webform", "resolved", "2025-10-02 09:00", "2025-10-02 09:30", "2025-10-02 10:00", 0),
            ("TKT-1-900003", "medium", "payment", "email", "in_progress", "2025-10-02 11:00", "2025-10-02 11:10", None, 1),
            ("TKT-1-900004", "low", "general", "email", "open", "2025-10-03 08:00", None, None, 0),
        ]
        ids = []
        for n, p, c, ch, s, cr, fr, rs, esc in rows:
            fr_sql = f"'{fr}+00'" if fr else "NULL"
            rs_sql = f"'{rs}+00'" if rs else "NULL"
            ids.append(q(
                "INSERT INTO tickets (number, customer_id, channel, subject, description, category, priority, "
                "status, assigned_to, escalation_level, created_at, first_response_at, resolved_at) VALUES "
                f"('{n}', {cust}, '{ch}', 's', 'd', '{c}', '{p}', '{s}', {aid}, {esc}, '{cr}+00', {fr_sql}, {rs_sql}) "
                "RETURNING id"))
        t1, t2 = ids[0], ids[1]
        q(f"INSERT INTO messages (ticket_id, direction, author_kind, channel, body) VALUES "
          f"({t1}, 'outbound', 'agent', 'email', 'a'), ({t2}, 'outbound', 'agent', 'email', 'b'), "
          f"({t2}, 'outbound', 'agent', 'email', 'c')")
        q(f"INSERT INTO surveys (ticket_id, agent_id, channel, expires_at, rating, answered_at) VALUES "
          f"({t1}, {aid}, 'email', now(), 4, now()), ({t2}, {aid}, 'email', now(), 5, now())")
        q(f"INSERT INTO audit_events (ticket_id, event, actor_kind, old_value, new_value) VALUES "
          f"({t2}, 'status.changed', 'customer', '\"resolved\"', '\"reopened\"')")
        s = self.get(f"/stats?startDate=2025-10-01&endDate=2025-10-31&agentId={aid}")
        self.assertEqual(s["total"], 4)
        self.assertEqual(s["statusBreakdown"], [{"_id": k, "count": 1} for k in ["closed", "in_progress", "open", "resolved"]])
        self.assertEqual(s["priorityBreakdown"], [{"_id": k, "count": 1} for k in ["high", "low", "medium", "urgent"]])
        self.assertEqual(s["categoryBreakdown"], [{"_id": "payment", "count": 2}, {"_id": "booking", "count": 1},
                                                  {"_id": "general", "count": 1}])
        self.assertEqual(s["channelBreakdown"], [{"_id": "email", "count": 3}, {"_id": "webform", "count": 1}])
        st = s["agentStats"]
        self.assertEqual((st["total"], st["open"], st["closed"], st["resolved"]), (4, 2, 1, 2))
        self.assertEqual((st["avgResponseTime"], st["avgResolutionTime"]), (20, 90))
        self.assertEqual(st["satisfactionRating"], "4.5")
        # T1 met both targets; T2 missed urgent's 15-minute first response; T3 is past
        # medium's 8 hours and T4 past low's 2-hour first response.
        self.assertEqual(st["slaCompliance"], "25.00")
        self.assertEqual(s["dailyTrend"], [{"date": "2025-10-01", "created": 1, "resolved": 1},
                                           {"date": "2025-10-02", "created": 2, "resolved": 1},
                                           {"date": "2025-10-03", "created": 1, "resolved": 0}])
        self.assertEqual(s["firstContactResolutionRate"], 0.5)
        self.assertEqual(s["escalationRate"], 0.25)
        self.assertEqual(s["reopenRate"], 0.25)
        self.assertEqual(s["byChannel"], {"email": 3, "webform": 1})
        # 20, 30 and 10 minutes to a first response; 2 hours and 1 hour to resolve (24x7).
        self.assertEqual(s["firstResponseTime"], {"mean": 1200, "p50": 1200, "p90": 1680})
        self.assertEqual(s["resolutionTime"], {"mean": 5400, "p50": 5400, "p90": 6840})
        self.assertEqual(s["csat"]["responses"], 2)
        self.assertEqual(s["csat"]["average"], 4.5)
        self.assertEqual(s["csat"]["satisfiedRate"], 1)
        # Every figure lists the tickets behind it, as JSON and as CSV.
        period = f"startDate=2025-10-01&endDate=2025-10-31&agentId={aid}"
        behind = self.get(f"/stats/tickets?{period}&metric=byChannel&key=email")
        self.assertEqual(behind["count"], 3)
        self.assertEqual({t["channel"] for t in behind["tickets"]}, {"email"})
        self.assertEqual([t["id"] for t in self.get(f"/stats/tickets?{period}&metric=reopenRate")["tickets"]], [int(t2)])
        self.assertEqual(self.get(f"/stats/tickets?{period}&metric=csat&key=5")["count"], 1)
        csv = self.api.raw("GET", f"/stats/tickets?{period}&metric=byChannel&key=webform&format=csv", None, ADMIN_TOKEN)
        self.assertEqual(csv.status, 200)
        self.assertTrue(csv.headers["Content-Type"].startswith("text/csv"))
        lines = csv.body.decode().strip().split("\r\n")
        self.assertEqual(lines[0].split(",")[:3], ["id", "ticketNumber", "subject"])
        self.assertEqual(len(lines), 2)
        whole = self.api.raw("GET", f"/stats?{period}", None, ADMIN_TOKEN, headers={"Accept": "text/csv"})
        self.assertIn("reopenRate,,0.25", whole.body.decode())
        self.assertIn("byChannel,email,3", whole.body.decode())
        for bad in ("metric=nope", "metric=byChannel", "metric=total&format=xml"):
            self.assertEqual(self.api.raw("GET", f"/stats/tickets?{bad}", None, ADMIN_TOKEN).status, 400, bad)
        narrow = self.get(f"/stats?startDate=2025-10-02&endDate=2025-10-02&agentId={aid}")
        self.assertEqual(narrow["total"], 2)
        self.assertEqual(self.api.raw("GET", "/stats?startDate=oct", None, ADMIN_TOKEN).status, 400)

    def test_metrics_count_requests_by_route_and_status(self):
        self.get("/tickets")
        self.api.raw("GET", "/tickets", None, "bad-token")
        text = self.api.raw("GET", "/metrics").body.decode()
        self.assertRegex(text, r'frontdesk_http_requests_total\{route="/api/v1/support/tickets",status="200"\} [1-9]')
        self.assertRegex(text, r'frontdesk_http_requests_total\{route="/api/v1/support/tickets",status="401"\} [1-9]')
        self.assertIn('frontdesk_outbox_depth{status="pending"}', text)
        self.assertIn("frontdesk_sla_breaches_total", text)
        self.assertIn('frontdesk_http_request_duration_seconds_bucket{route="/api/v1/support/tickets",le="+Inf"}', text)
        self.assertIn('frontdesk_ingest_messages_total{outcome="committed"}', text)


if __name__ == "__main__":
    unittest.main()
