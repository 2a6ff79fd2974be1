# SPDX-License-Identifier: Apache-2.0
"""The event stream over real HTTP and WebSocket against a real daemon and PostgreSQL: events
arrive after commit with increasing ids, a reconnect with Last-Event-ID (or {"resume": id})
replays exactly what was missed, in order, once; customers see only their own tickets and
never internal notes; ?types= filters; a slow client is dropped while a fast one keeps
receiving; a token's streams are limited; two daemons on one database both deliver."""
import json
import subprocess
import time
import unittest

from events_harness import (ADMIN_TOKEN, Closed, EventsApi, HandshakeRefused, SecondDaemon, Sse,
                            wait_until, ws_connect, ws_events_until)

EXTRA = "events: { max_queued_bytes: 1MiB, max_connections_per_token: 3, heartbeat: 300ms }\n"


def ids(events):
    return [int(e["id"]) for e in events]


class StreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = EventsApi(extra=EXTRA)
        cls.port = cls.api.d.port
        cls.alice_id, cls.alice = cls.api.customer("alice@example.com")
        cls.bob_id, cls.bob = cls.api.customer("bob@example.com")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def sse(self, query="", token=ADMIN_TOKEN, **kw):
        s = Sse(self.port, "/events" + query, token=token, **kw)
        self.addCleanup(s.close)
        return s

    def test_events_arrive_after_commit_with_ids_and_the_ticket_json(self):
        s = self.sse()
        self.assertEqual(s.status, 200)
        self.assertTrue(s.headers["content-type"].startswith("text/event-stream"))
        t = self.api.ticket(self.alice, subject="Where is my order")
        got = s.collect_until(lambda g: any(e["event"] == "ticket.created" and
                                            e["json"]["ticket"]["id"] == t["id"] for e in g))
        mine = [e for e in got if e["json"]["ticket"]["id"] == t["id"]]
        self.assertEqual([e["event"] for e in mine], ["ticket.created"])
        for e in got:
            self.assertEqual(int(e["id"]), e["json"]["id"])
            self.assertEqual(e["event"], e["json"]["type"])
            self.assertIn("at", e["json"])
        self.assertEqual(ids(got), sorted(set(ids(got))))
        self.assertEqual(mine[0]["json"]["ticket"]["ticketNumber"], t["ticketNumber"])
        self.assertEqual(mine[0]["json"]["message"]["direction"], "inbound")
        self.assertEqual(mine[0]["json"]["message"]["message"], t["description"])
        # What was delivered is committed: the audit rows are there.
        self.assertEqual(self.api.published_ids(int(mine[0]["id"]) - 1, f"ticket_id = {t['id']}")[:1], ids(mine))
        # A customer's follow-up on the ticket is message.received.
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "any news?"}, token=self.alice, expect=201)
        more = s.collect_until(lambda g: any(e["json"]["ticket"]["id"] == t["id"] for e in g))
        self.assertEqual([e["event"] for e in more if e["json"]["ticket"]["id"] == t["id"]][0], "message.received")

    def test_resume_with_last_event_id_replays_exactly_the_missed_events_in_order(self):
        s = self.sse()
        t = self.api.ticket(self.alice, subject="first")
        got = s.collect_until(lambda g: any(e["event"] == "ticket.created" and
                                            e["json"]["ticket"]["id"] == t["id"] for e in g))
        last = int(got[-1]["id"])
        s.close()
        # Missed while away: several tickets, status changes, messages.
        missed = [self.api.ticket(self.bob, subject=f"while away {i}") for i in range(3)]
        self.api.call("PUT", f"/tickets/{missed[0]['id']}/status", {"status": "in_progress"}, expect=200)
        self.api.call("POST", f"/tickets/{missed[1]['id']}/messages", {"message": "on it"}, expect=201)
        self.api.settle()  # the rules have acted on them too
        expected = self.api.published_ids(last)
        self.assertGreaterEqual(len(expected), 5)
        r = self.sse(headers={"Last-Event-ID": str(last)})
        replayed = r.collect_until(lambda g: len(g) >= len(expected))
        self.assertEqual(ids(replayed), expected)
        # Then live, without a duplicate.
        after = self.api.ticket(self.alice, subject="after the reconnect")
        live = r.collect_until(lambda g: any(e["json"]["ticket"]["id"] == after["id"] and
                                             e["event"] == "ticket.created" for e in g))
        all_ids = ids(replayed) + ids(live)
        self.assertEqual(all_ids, sorted(set(all_ids)))
        self.assertEqual(ids(live), self.api.published_ids(expected[-1])[:len(live)])
        # ?lastEventId= does the same (for EventSource, which cannot set the header).
        q = self.sse(query=f"?lastEventId={last}")
        again = q.collect_until(lambda g: len(g) >= len(expected))
        self.assertEqual(ids(again)[:len(expected)], expected)

    def test_a_resume_id_from_the_future_or_malformed_is_refused(self):
        s = self.sse(headers={"Last-Event-ID": str(self.api.newest_id() + 1000)})
        self.assertEqual(s.status, 400)
        self.assertEqual(json.loads(s.body)["error"]["code"], "resume_in_future")
        s = self.sse(headers={"Last-Event-ID": "abc"})
        self.assertEqual(s.status, 400)

    def test_a_customer_sees_only_their_own_tickets_and_never_internal_notes(self):
        mine = self.sse(token=self.alice)
        staff = self.sse()
        bobs = self.api.ticket(self.bob, subject="bob's secret")
        alices = self.api.ticket(self.alice, subject="alice's own")
        self.api.call("POST", f"/tickets/{alices['id']}/messages",
                      {"message": "internal: customer is difficult", "isInternal": True}, expect=201)
        self.api.call("POST", f"/tickets/{bobs['id']}/messages", {"message": "hello bob"}, expect=201)
        self.api.call("POST", f"/tickets/{alices['id']}/messages", {"message": "hello alice"}, expect=201)

        def saw_reply(g):
            return any(e["event"] == "message.created" and e["json"]["ticket"]["id"] == alices["id"]
                       and e["json"]["message"]["message"] == "hello alice" for e in g)
        got = mine.collect_until(saw_reply)
        # Positive control: alice's own ticket and the public reply are there.
        self.assertIn("ticket.created", [e["event"] for e in got if e["json"]["ticket"]["id"] == alices["id"]])
        for e in got:
            self.assertEqual(e["json"]["ticket"]["customer"]["id"], self.alice_id, e["data"])
            self.assertNotIn("internal", e["data"])
            self.assertFalse(e["json"].get("message", {}).get("isInternal", False))
        self.assertNotIn(bobs["id"], [e["json"]["ticket"]["id"] for e in got])
        # Staff see the note (the note exists and is published).
        notes = staff.collect_until(lambda g: any(e["json"].get("message", {}).get("isInternal") for e in g))
        self.assertTrue(any(e["json"]["ticket"]["id"] == alices["id"] for e in notes))

    def test_types_filter(self):
        s = self.sse(query="?types=status.changed,assignment.changed")
        t = self.api.ticket(self.alice, subject="filter me")
        self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "in_progress"}, expect=200)
        got = s.collect_until(lambda g: any(e["json"]["ticket"]["id"] == t["id"] for e in g))
        self.assertEqual({e["event"] for e in got}, {"status.changed"})
        self.assertEqual(got[-1]["json"]["change"], {"from": "open", "to": "in_progress"})
        bad = self.sse(query="?types=ticket.exploded")
        self.assertEqual(bad.status, 422)

    def held_insert(self, ticket_id):
        """A transaction that inserts an audit event and stays open until finish() is called."""
        p = subprocess.Popen(["psql", self.api.db.conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        p.stdin.write("BEGIN;\nINSERT INTO audit_events (ticket_id, event, actor_kind, old_value, new_value)"
                      f" VALUES ({ticket_id}, 'status.changed', 'system', '\"open\"', '\"open\"')"
                      " RETURNING id;\n")
        p.stdin.flush()
        held = int(p.stdout.readline())

        def finish(sql):
            p.stdin.write(sql + ";\n")
            p.stdin.close()
            p.wait(10)
            p.stdout.close()
        return held, finish

    def test_an_id_that_commits_late_is_delivered_in_order_and_a_rollback_is_passed(self):
        t = self.api.ticket(self.alice, subject="slow writer")
        s = self.sse()
        held, commit = self.held_insert(t["id"])
        # A later id commits first: it must wait for the held one, not skip it.
        self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "in_progress"}, expect=200)
        later = self.api.published_ids(held)[0]
        # The later event is committed and announced: a stream that skipped ahead would deliver
        # it now. The hub reads new events before each heartbeat and the stream is ordered, so
        # once two heartbeats have come since the commit, anything delivered is in the queue.
        while not s.comments.empty():
            s.comments.get_nowait()
        for _ in range(2):
            self.assertEqual(s.comments.get(timeout=10), "heartbeat")
        early = [e for e in s.drain() if int(e["id"]) >= held]
        self.assertEqual(early, [], "delivered past an id still in flight")
        commit("COMMIT")
        got = s.collect_until(lambda g: later in ids(g))
        self.assertEqual([i for i in ids(got) if i >= held][:2], [held, later])
        # A rolled-back id is passed after a short grace period.
        gone, rollback = self.held_insert(t["id"])
        self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "waiting_customer"}, expect=200)
        rollback("ROLLBACK")
        after = self.api.published_ids(gone)[0]
        got = s.collect_until(lambda g: after in ids(g), 10)
        self.assertNotIn(gone, ids(got))

    def test_heartbeats_are_comment_lines(self):
        s = self.sse()
        self.assertEqual(s.comments.get(timeout=10), "heartbeat")

    def test_unknown_tokens_are_refused(self):
        self.assertEqual(self.sse(token="nope").status, 401)
        self.assertEqual(self.sse(token=None).status, 401)

    def test_websocket_stream_delivers_and_resumes(self):
        ws = ws_connect(self.port, ADMIN_TOKEN)
        ws.send_text(json.dumps({"resume": None}))
        welcome = json.loads(ws.receive_text())
        self.assertEqual(welcome["type"], "welcome")
        t = self.api.ticket(self.alice, subject="over the socket")
        got = ws_events_until(ws, lambda g: any(e["type"] == "ticket.created" and
                                                e["ticket"]["id"] == t["id"] for e in g))
        self.assertEqual([e["id"] for e in got], sorted(e["id"] for e in got))
        last = got[-1]["id"]
        ws.close()
        missed = [self.api.ticket(self.bob, subject=f"socket away {i}") for i in range(2)]
        self.api.settle()
        expected = self.api.published_ids(last)
        ws = ws_connect(self.port, ADMIN_TOKEN)
        ws.send_text(json.dumps({"resume": last}))
        self.assertEqual(json.loads(ws.receive_text())["type"], "welcome")
        replayed = ws_events_until(ws, lambda g: len(g) >= len(expected))
        self.assertEqual([e["id"] for e in replayed], expected)
        self.assertIn(missed[-1]["id"], [e["ticket"]["id"] for e in replayed])
        ws.close()
        # A customer's socket: own tickets only; a bad first frame is refused.
        ws = ws_connect(self.port, self.bob, query="?types=ticket.created")
        ws.send_text(json.dumps({"resume": None}))
        ws.receive_text()
        self.api.ticket(self.alice, subject="not for bob")
        bobs = self.api.ticket(self.bob, subject="for bob")
        got = ws_events_until(ws, lambda g: any(e["ticket"]["id"] == bobs["id"] for e in g))
        self.assertEqual([e["ticket"]["customer"]["id"] for e in got], [self.bob_id] * len(got))
        ws.close()
        ws = ws_connect(self.port, ADMIN_TOKEN)
        ws.send_text("hello")
        self.assertEqual(json.loads(ws.receive_text())["error"]["code"], "bad_frame")
        with self.assertRaises(HandshakeRefused) as refused:
            ws_connect(self.port, "not-a-token")
        self.assertEqual(refused.exception.status, 401)

    def test_a_slow_client_is_dropped_and_never_stalls_a_fast_one(self):
        _, agent_token = self.api.agent("Speedy Sam")
        slow = self.sse(token=agent_token, rcvbuf=4096, read=False)  # never reads a byte
        fast = self.sse(token=agent_token)
        # Every event carries the ticket (with its 60 KB description) and its message: 80 of
        # them are ~10 MB, more than the 1 MiB queue plus what the kernel's socket buffers hold.
        t = self.api.ticket(self.alice, subject="a long conversation", description="d" * 60000)
        body = "x" * 60000
        n = 80
        for i in range(n):
            self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": f"{i} {body}"}, expect=201)
        got = fast.collect_until(lambda g: sum(1 for e in g if e["event"] == "message.created") >= n, 90)
        self.assertEqual(ids(got), sorted(set(ids(got))))
        # The slow one was dropped: its connection ends before all of it arrived.
        received = bytearray()
        deadline = time.monotonic() + 30
        slow.sock.settimeout(5)
        while time.monotonic() < deadline:
            try:
                chunk = slow.sock.recv(1 << 20)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
        else:
            self.fail("the slow client's connection was not closed")
        self.assertLess(received.count(b"event: message.created"), n)

    def test_a_token_has_a_limited_number_of_streams(self):
        _, token = self.api.agent("Many Tabs")
        opened = [self.sse(token=token) for _ in range(3)]
        self.assertTrue(all(s.status == 200 for s in opened))
        extra = self.sse(token=token)
        self.assertEqual(extra.status, 429)
        opened[0].close()
        wait_until(lambda: self.sse(token=token).status == 200, 10, "a slot to free up")


class TwoDaemonsTest(unittest.TestCase):
    def test_both_daemons_deliver_every_event(self):
        api = EventsApi(extra=EXTRA)
        second = SecondDaemon(api, extra=EXTRA)
        try:
            _, alice = api.customer("twice@example.com")
            one = Sse(api.d.port, "/events", token=ADMIN_TOKEN)
            two = Sse(second.port, "/events", token=ADMIN_TOKEN)
            tickets = [api.ticket(alice, subject=f"seen twice {i}") for i in range(3)]
            want = tickets[-1]["id"]

            def done(g):
                return any(e["event"] == "ticket.created" and e["json"]["ticket"]["id"] == want for e in g)
            a, b = one.collect_until(done), two.collect_until(done)
            self.assertEqual(ids(a), ids(b))
            self.assertEqual(ids(a), api.published_ids(int(a[0]["id"]) - 1)[:len(a)])
            one.close()
            two.close()
        finally:
            self.assertEqual(second.stop(), 0)
            self.assertEqual(api.stop(), 0)


if __name__ == "__main__":
    unittest.main()
