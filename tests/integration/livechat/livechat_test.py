# SPDX-License-Identifier: Apache-2.0
"""The livechat channel: a visitor's WebSocket frames become a ticket's messages, agents'
replies reach the visitor, a reconnect resumes by seq losing and repeating nothing, the
upgrade checks the origin and the hello the identity. Real frontdeskd, real PostgreSQL, real
WebSocket."""
import hashlib
import hmac
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "api"))

from api_client import ADMIN_TOKEN, BASE  # noqa: E402
from daemon_harness import Daemon, RunningDaemon, config, free_port, http, wait_until  # noqa: E402
from ws_client import Closed, HandshakeRefused, WebSocket  # noqa: E402

SECRET = "site-secret-for-tests"
SITE = "https://shop.example"
CHANNELS = ("  webform: { enabled: false }\n"
            f"  livechat: {{ enabled: true, allowed_origins: ['{SITE}'], identity_secret: {SECRET},"
            " messages_per_minute: 10000 }\n")


def token():
    return secrets.token_urlsafe(24)


class Chat:
    """One visitor connection, greeted: `visitor` (a token), or `user` with `hmac`, or neither
    (a new visitor), and `resume`; `hello` replaces the whole first frame. Frames other than
    the one waited for are kept in order."""

    def __init__(self, port, visitor=None, user=None, hmac=None, resume=None, origin=SITE, hello=None):
        headers = {"Origin": origin} if origin else {}
        self.ws = WebSocket("127.0.0.1", port, "/livechat/ws", headers=headers, timeout=30)
        if hello is None:
            hello = {"type": "hello"}
            if visitor is not None:
                hello["visitorToken"] = visitor
            if user is not None:
                hello["identity"] = {"userId": user, "hmac": hmac}
            if resume is not None:
                hello["resume"] = resume
        self.ws.send_text(hello if isinstance(hello, str) else json.dumps(hello))
        self.welcome = self.next()

    def next(self):
        return json.loads(self.ws.receive_text())

    def send(self, client_msg_id, text):
        self.ws.send_text(json.dumps({"type": "message", "clientMsgId": client_msg_id, "text": text}))

    def until(self, predicate, limit=10000, within=30.0):
        """The first frame `predicate` accepts, and every frame read up to it; fails after
        `limit` frames or `within` seconds (the server's pings alone never end a wait)."""
        seen = []
        deadline = time.monotonic() + within
        for _ in range(limit):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.ws.sock.settimeout(remaining)
            try:
                frame = self.next()
            except socket.timeout:
                break
            seen.append(frame)
            if predicate(frame):
                return frame, seen
        raise AssertionError(f"not seen in {limit} frames or {within} s: {seen[-5:]}")

    def close(self):
        try:
            self.ws.close()
        except (Closed, OSError):
            pass


class LivechatTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon(channels=CHANNELS, env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def api(self, method, path, body=None):
        r = http(method, self.d.base + BASE + path, json.dumps(body) if body is not None else None,
                 {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json"})
        self.assertLess(r.status, 300, r.body[:300])
        return r.json()

    def q(self, sql):
        return self.d.db.query(sql)

    def chat(self, port=None, **hello):
        c = Chat(port or self.d.port, **hello)
        self.addCleanup(c.close)
        return c

    def test_a_visitors_message_becomes_a_ticket_and_an_agents_reply_reaches_the_visitor(self):
        c = self.chat(visitor=token())
        self.assertFalse(c.welcome["verified"])
        c.send("m1", "My order never arrived\nIt was due Monday")
        ack, _ = c.until(lambda f: f["type"] == "ack")
        self.assertEqual((ack["clientMsgId"], ack["status"]), ("m1", "stored"))
        echo, _ = c.until(lambda f: f["type"] == "message" and f["author"] == "visitor")
        self.assertEqual((echo["seq"], echo["clientMsgId"], echo["text"]),
                         (1, "m1", "My order never arrived\nIt was due Monday"))
        ticket = self.api("GET", f"/tickets/{ack['ticket']}")["ticket"]
        self.assertEqual((ticket["channel"], ticket["subject"]), ("livechat", "My order never arrived"))
        self.assertEqual(self.q(f"SELECT kind || ' ' || value FROM customer_identities WHERE value = '{c.welcome['conversationId']}'"),
                         f"livechat {c.welcome['conversationId']}")
        # A second message joins the same ticket.
        c.send("m2", "Order 1234")
        ack2, _ = c.until(lambda f: f["type"] == "ack")
        self.assertEqual(ack2["ticket"], ack["ticket"])

        self.api("POST", f"/tickets/{ticket['id']}/messages", {"message": "Looking into it now"})
        reply, _ = c.until(lambda f: f["type"] == "message" and f["author"] == "agent")
        self.assertEqual(reply["text"], "Looking into it now")
        self.assertGreater(reply["seq"], echo["seq"])
        # A read receipt marks the reply read.
        c.ws.send_text(json.dumps({"type": "read", "seq": reply["seq"]}))
        wait_until(lambda: self.q(f"SELECT delivery_status FROM messages WHERE ticket_id = {ticket['id']} "
                                  "AND body = 'Looking into it now'") == "read", 30, "the read receipt")

    def test_a_repeated_client_msg_id_stores_one_message(self):
        c = self.chat(visitor=token())
        c.send("same", "hello")
        first, _ = c.until(lambda f: f["type"] == "ack")
        c.send("same", "hello")
        second, _ = c.until(lambda f: f["type"] == "ack")
        self.assertEqual((first["status"], second["status"]), ("stored", "duplicate"))
        ticket = self.api("GET", f"/tickets/{first['ticket']}")["ticket"]
        self.assertEqual(self.q(f"SELECT count(*) FROM messages WHERE ticket_id = {ticket['id']} "
                                "AND direction = 'inbound'"), "1")

    def test_bad_frames_get_an_error_and_store_nothing(self):
        c = self.chat(visitor=token())
        before = self.q("SELECT count(*) FROM messages")
        for frame, code in ((b"not json", "bad_frame"), (json.dumps({"type": "message", "text": "x"}), "bad_frame"),
                            (json.dumps({"type": "message", "clientMsgId": "a b", "text": "x"}), "bad_frame"),
                            (json.dumps({"type": "message", "clientMsgId": "ok", "text": "  "}), "bad_frame"),
                            (json.dumps({"type": "message", "clientMsgId": "ok", "text": "é" * 5001}), "too_long"),
                            (json.dumps({"type": "hello", "visitorToken": token()}), "bad_frame"),
                            (json.dumps({"type": "dance"}), "bad_frame")):
            c.ws.send_text(frame if isinstance(frame, str) else frame.decode())
            error, _ = c.until(lambda f: f["type"] == "error")
            self.assertEqual(error["code"], code, frame)
        self.assertEqual(self.q("SELECT count(*) FROM messages"), before)

    def test_resume_sends_what_came_after_once_and_in_order(self):
        visitor = token()
        c = self.chat(visitor=visitor)
        for i in range(1, 4):
            c.send(f"r{i}", f"line {i}")
            c.until(lambda f: f["type"] == "ack")
        _, seen = c.until(lambda f: f["type"] == "message" and f.get("clientMsgId") == "r3")
        c.close()
        again = self.chat(visitor=visitor, resume=1)
        frame, _ = again.until(lambda f: f["type"] == "message" and f.get("clientMsgId") == "r3")
        self.assertEqual(frame["seq"], 3)
        # resume=1 delivered seq 2 then 3, nothing at or before 1: the first frame after the welcome.
        whole = self.chat(visitor=visitor, resume=0)
        seqs = [whole.until(lambda f: f["type"] == "message")[0]["seq"] for _ in range(3)]
        self.assertEqual(seqs[:3], [1, 2, 3])
        # A seq the conversation has not reached is refused, clearly, instead of a welcome.
        future = self.chat(visitor=visitor, resume=99)
        self.assertEqual((future.welcome["type"], future.welcome["code"]), ("error", "resume_from_future"))
        with self.assertRaises(Closed) as closed:
            future.next()
        self.assertEqual(closed.exception.code, 4409)

    def held_ticket_lock(self, ticket_id):
        """A transaction that locks a ticket's row and stays open until release() is called."""
        p = subprocess.Popen(["psql", self.d.db.conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        p.stdin.write(f"BEGIN;\nSELECT id FROM tickets WHERE id = {ticket_id} FOR UPDATE;\n")
        p.stdin.flush()
        self.assertEqual(int(p.stdout.readline()), ticket_id)

        def release():
            p.stdin.write("COMMIT;\n")
            p.stdin.close()
            p.wait(10)
            p.stdout.close()
        return release

    def test_a_message_that_took_its_id_first_but_commits_last_is_numbered_last(self):
        # Two tickets in one conversation: the chat's and one split off it.
        visitor = token()
        c = self.chat(visitor=visitor)
        c.send("s1", "first question")
        chat_ticket = c.until(lambda f: f["type"] == "ack")[0]["ticket"]
        c.send("s2", "second question")
        c.until(lambda f: f["type"] == "message" and f.get("clientMsgId") == "s2")
        ticket_id = int(self.q(f"SELECT id FROM tickets WHERE number = '{chat_ticket}'"))
        first_id = self.q(f"SELECT id FROM messages WHERE ticket_id = {ticket_id} AND body = 'first question'")
        split = self.api("POST", f"/tickets/{ticket_id}/split", {"messageIds": [int(first_id)]})["ticket"]
        # The visitor's next message takes its id, then waits for the chat ticket's lock ...
        release = self.held_ticket_lock(ticket_id)
        c.send("s3", "third, held back")
        wait_until(lambda: self.q("SELECT count(*) FROM pg_locks WHERE NOT granted") != "0", 30,
                   "the visitor's message waiting for the ticket")
        # ... while an agent's reply on the split ticket takes a later id and commits first.
        self.api("POST", f"/tickets/{split['id']}/messages", {"message": "answer on the split ticket"})
        reply, _ = c.until(lambda f: f["type"] == "message" and f["author"] == "agent")
        release()
        held, seen = c.until(lambda f: f["type"] == "message" and f.get("clientMsgId") == "s3")
        # Numbered after the reply that committed before it, and the reply is not sent again.
        self.assertGreater(held["seq"], reply["seq"])
        self.assertNotIn(reply["text"], [f.get("text") for f in seen[:-1]])
        # The held message has the lower id: numbered by id, it would have come before the reply.
        ids = dict(map(int, row.split("|")) for row in self.q(
            "SELECT conversation_seq, id FROM messages "
            f"WHERE conversation_seq IN ({reply['seq']}, {held['seq']}) AND ticket_id IN ({ticket_id}, {split['id']})")
            .splitlines())
        self.assertLess(ids[held["seq"]], ids[reply["seq"]])
        # A reconnect from the start reads the same numbers.
        again = self.chat(visitor=visitor, resume=0)
        frames = []
        while not frames or frames[-1]["seq"] < held["seq"]:
            frames.append(again.until(lambda f: f["type"] == "message")[0])
        bodies = ["first question", "second question", "answer on the split ticket", "third, held back"]
        self.assertEqual([f["text"] for f in frames if f["text"] in bodies], bodies)
        self.assertEqual([f["seq"] for f in frames if f["text"] == reply["text"]], [reply["seq"]])

    def test_a_message_merged_in_from_another_channel_comes_next(self):
        visitor = token()
        c = self.chat(visitor=visitor)
        c.send("m1", "first by chat")
        chat_ticket = c.until(lambda f: f["type"] == "ack")[0]["ticket"]
        first, _ = c.until(lambda f: f["type"] == "message")
        # The same customer wrote by mail too (numbered in the mail conversation) ...
        customer = self.q(f"SELECT customer_id FROM tickets WHERE number = '{chat_ticket}'")
        mail = self.q("INSERT INTO tickets (number, customer_id, channel, subject, description) "
                      f"VALUES ('TKT-MAIL-{visitor[:8]}', {customer}, 'email', 'By mail', 'x') RETURNING id").split()[0]
        self.q("INSERT INTO messages (ticket_id, direction, author_kind, author_id, channel, body) "
               f"VALUES ({mail}, 'inbound', 'customer', {customer}, 'email', 'sent by mail')")
        self.assertEqual(self.q(f"SELECT conversation_seq FROM messages WHERE ticket_id = {mail}"), "1")
        # ... and the mail is merged into the chat: its message comes next in the chat.
        self.api("POST", f"/tickets/{mail}/merge", {"into": chat_ticket})
        again = self.chat(visitor=visitor, resume=first['seq'])
        moved, _ = again.until(lambda f: f["type"] == "message" and f["seq"] > first["seq"])
        self.assertEqual((moved["seq"], moved["text"]), (first["seq"] + 1, "sent by mail"))

    def agent_stream(self):
        """The event stream's WebSocket as an agent sees it, started from now."""
        ws = WebSocket("127.0.0.1", self.d.port, "/api/v1/support/stream",
                       headers={"Authorization": "Bearer " + ADMIN_TOKEN}, timeout=30)
        self.addCleanup(ws.close)
        ws.send_text(json.dumps({"resume": None}))
        self.assertEqual(json.loads(ws.receive_text())["type"], "welcome")
        return ws

    @staticmethod
    def stream_until(ws, predicate, limit=1000, within=30.0):
        deadline = time.monotonic() + within
        for _ in range(limit):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ws.sock.settimeout(remaining)
            try:
                frame = json.loads(ws.receive_text())
            except socket.timeout:
                break
            if predicate(frame):
                return frame
        raise AssertionError(f"not seen in {limit} frames or {within} s")

    def test_typing_reaches_the_agents_and_the_visitor_and_says_how_long_it_holds(self):
        agents = self.agent_stream()
        c = self.chat(visitor=token())
        c.send("t1", "are you there?")
        ticket = self.api("GET", f"/tickets/{c.until(lambda f: f['type'] == 'ack')[0]['ticket']}")["ticket"]
        c.until(lambda f: f["type"] == "message")  # the session knows the chat's ticket once it sent it
        other = self.chat(visitor=token())
        other.send("o1", "another chat")
        other_ticket = other.until(lambda f: f["type"] == "ack")[0]["ticket"]
        other.until(lambda f: f["type"] == "message")

        # The visitor types: the agents see it on the ticket, for a while.
        c.ws.send_text(json.dumps({"type": "typing"}))
        seen = self.stream_until(agents, lambda f: f["type"] == "typing")
        self.assertEqual((seen["ticketId"], seen["ticketNumber"], seen["who"]["kind"], seen["expiresIn"]),
                         (ticket["id"], ticket["ticketNumber"], "customer", 6000))

        # An agent types on the ticket: that visitor sees it, the other one does not.
        agents.send_text(json.dumps({"type": "typing", "ticketId": ticket["id"]}))
        typing, _ = c.until(lambda f: f["type"] == "typing")
        self.assertEqual((typing["author"], typing["expiresIn"]), ("agent", 6000))
        self.api("POST", f"/tickets/{other_ticket}/messages", {"message": "hello other"})
        _, frames = other.until(lambda f: f["type"] == "message" and f["author"] == "agent")
        self.assertNotIn("typing", [f["type"] for f in frames])

        # Bad frames get an error and the stream goes on.
        for frame, code in (({"type": "typing"}, "bad_frame"), ({"type": "dancing", "ticketId": 1}, "bad_frame"),
                            ({"type": "viewing", "ticketId": 987654321}, "not_found")):
            agents.send_text(json.dumps(frame))
            error = self.stream_until(agents, lambda f: f["type"] == "error")
            self.assertEqual(error["error"]["code"], code, frame)
        # Another agent's stream sees who has the ticket open.
        second = self.agent_stream()
        agents.send_text(json.dumps({"type": "viewing", "ticketId": ticket["id"]}))
        viewing = self.stream_until(second, lambda f: f["type"] == "viewing")
        self.assertEqual((viewing["ticketId"], viewing["who"]["kind"], viewing["expiresIn"]),
                         (ticket["id"], "agent", 30000))

    def test_only_the_embedding_sites_read_what_the_widget_asks(self):
        def get(path, origin):
            return http("GET", self.d.base + path, headers={"Origin": origin})
        for path in ("/widget/availability", "/api/v1/support/kb/suggest?text=order", "/api/v1/support/kb/articles?q=x"):
            with self.subTest(path=path):
                allowed = get(path, SITE)
                self.assertEqual(allowed.status, 200, allowed.body[:200])
                self.assertEqual(allowed.headers.get("Access-Control-Allow-Origin"), SITE)
                self.assertNotIn("Access-Control-Allow-Origin", get(path, "https://evil.example").headers)
        # Other paths are never shared, whoever asks.
        self.assertNotIn("Access-Control-Allow-Origin", get("/api/v1/support/tickets/1", SITE).headers)
        # No agent is available in this daemon: the widget offers the contact form.
        self.assertEqual(get("/widget/availability", SITE).json(), {"chat": False, "reason": "no_agent"})
        launcher = get("/widget.js", SITE)
        self.assertEqual((launcher.status, launcher.headers.get("Cache-Control")), (200, "public, max-age=300"))

    def test_origins_are_checked_on_the_upgrade_and_identities_in_the_hello(self):
        for origin in ("https://evil.example", "http://shop.example", "https://shop.example.evil.example"):
            with self.subTest(origin=origin), self.assertRaises(HandshakeRefused) as refused:
                Chat(self.d.port, visitor=token(), origin=origin)
            self.assertEqual(refused.exception.status, 403)
        forged = "0" * 64
        for hello, code, close in (({"type": "hello", "visitorToken": "short"}, "bad_frame", 4400),
                                   ({"type": "hello", "visitorToken": "x" * 30 + " "}, "bad_frame", 4400),
                                   ({"type": "hello", "resume": -1}, "bad_frame", 4400),
                                   ({"type": "hello", "identity": {"userId": "alice", "hmac": forged}}, "forbidden", 4403),
                                   ({"type": "hello", "identity": {"userId": "alice"}}, "bad_frame", 4400),
                                   ({"type": "message", "clientMsgId": "m1", "text": "no hello"}, "bad_frame", 4400),
                                   ("not json", "bad_frame", 4400)):
            with self.subTest(hello=hello):
                before = self.q("SELECT count(*) FROM messages")
                c = Chat(self.d.port, hello=hello)
                self.assertEqual((c.welcome["type"], c.welcome["code"]), ("error", code))
                with self.assertRaises(Closed) as closed:
                    c.next()
                self.assertEqual(closed.exception.code, close)
                self.assertEqual(self.q("SELECT count(*) FROM messages"), before)
        signed = hmac.new(SECRET.encode(), b"alice", hashlib.sha256).hexdigest()
        c = self.chat(user="alice", hmac=signed)
        self.assertEqual((c.welcome["type"], c.welcome["conversationId"], c.welcome["verified"]),
                         ("welcome", "u-alice", True))
        self.assertIsNone(c.welcome["visitorToken"])

    def test_a_new_visitor_is_given_a_token_that_brings_it_back(self):
        c = self.chat()
        self.assertEqual((c.welcome["type"], c.welcome["seq"], c.welcome["verified"]), ("welcome", 0, False))
        given = c.welcome["visitorToken"]
        self.assertRegex(given, r"^[A-Za-z0-9_-]{32}$")
        c.send("n1", "first words")
        ack, _ = c.until(lambda f: f["type"] == "ack")
        self.assertEqual((ack["seq"], ack["status"]), (1, "stored"))
        c.close()
        again = self.chat(visitor=given, resume=1)
        self.assertEqual((again.welcome["conversationId"], again.welcome["seq"], again.welcome["visitorToken"]),
                         (c.welcome["conversationId"], 1, given))
        again.send("n1", "first words")
        dup, _ = again.until(lambda f: f["type"] == "ack")
        self.assertEqual((dup["seq"], dup["status"]), (1, "duplicate"))
        # An agent's first reply is announced by name.
        agent = self.api("POST", "/agents", {"name": "Ana Agent", "email": "ana.livechat@desk.example",
                                             "role": "agent", "availability": "offline"})["agent"]
        agent_token = self.api("POST", "/tokens", {"role": "agent", "agentId": agent["id"]})["token"]
        r = http("POST", self.d.base + BASE + f"/tickets/{ack['ticket']}/messages",
                 json.dumps({"message": "Hi, I am here"}),
                 {"Authorization": "Bearer " + agent_token, "Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body[:300])
        agent, seen = again.until(lambda f: f["type"] == "agent")
        reply, _ = again.until(lambda f: f["type"] == "message")
        self.assertEqual((reply["author"], reply["text"], reply["seq"]), ("agent", "Hi, I am here", 2))
        self.assertEqual((agent["name"], reply["authorName"]), ("Ana Agent", "Ana Agent"))


class TwoDaemonsTest(unittest.TestCase):
    def test_a_visitor_on_each_daemon_sees_both_tabs_and_the_reply(self):
        first = RunningDaemon(channels=CHANNELS, env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
        port = free_port()
        second = Daemon(config(port, first.db.conninfo, channels=CHANNELS), env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
        second.start().wait_healthy(f"http://127.0.0.1:{port}")
        try:
            visitor = token()
            a = Chat(first.port, visitor=visitor)
            b = Chat(port, visitor=visitor)
            a.send("t1", "from tab A")
            ticket_number = a.until(lambda f: f["type"] == "ack")[0]["ticket"]
            frame, _ = b.until(lambda f: f["type"] == "message" and f.get("clientMsgId") == "t1")
            self.assertEqual(frame["text"], "from tab A")
            r = http("POST", f"http://127.0.0.1:{port}{BASE}/tickets/{ticket_number}/messages",
                     json.dumps({"message": "reply via the second daemon"}),
                     {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json"})
            self.assertEqual(r.status, 201, r.body[:200])
            for tab in (a, b):
                frame, _ = tab.until(lambda f: f["type"] == "message" and f["author"] == "agent")
                self.assertEqual(frame["text"], "reply via the second daemon")
            a.close()
            b.close()
        finally:
            self.assertEqual(second.stop(), 0)
            self.assertEqual(first.stop(), 0)


if __name__ == "__main__":
    unittest.main()
