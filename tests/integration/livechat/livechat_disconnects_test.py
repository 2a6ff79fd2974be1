# SPDX-License-Identifier: Apache-2.0
"""A long chat through a bad connection: visitor messages and agent replies (4 to 1; 2,000 in
all in the normal run, FRONTDESK_CHAT_EXCHANGE=10000 for the long run by hand), with
the visitor's socket torn down 100 times without a goodbye (at a point chosen by a seeded
random, often with messages sent and not yet acknowledged, and with replies on their way).
After each break the visitor reconnects with resume=<last seq seen> and sends again what was
not acknowledged, under the same clientMsgId. In the end every message is stored once, and
the visitor has seen every message of the conversation exactly once, in seq order, with no
gap. Real frontdeskd, real PostgreSQL, real WebSocket."""
import json
import os
import random
import select
import socket
import struct
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "api"))

from api_client import ADMIN_TOKEN, BASE  # noqa: E402
from daemon_harness import RunningDaemon, http, wait_until  # noqa: E402
from livechat_test import SITE, Chat, token  # noqa: E402

CHANNELS = ("  webform: { enabled: false }\n"
            f"  livechat: {{ enabled: true, allowed_origins: ['{SITE}'], messages_per_minute: 10000 }}\n")
BREAKS = 100
EXCHANGE = int(os.environ.get("FRONTDESK_CHAT_EXCHANGE", "2000"))
PER_ROUND = EXCHANGE * 4 // 5 // BREAKS  # visitor messages between two breaks
REPLIES = EXCHANGE // 5 // BREAKS        # agent replies between two breaks


class Visitor:
    """The visitor's side: what it sent and had acknowledged, and every message it saw."""

    def __init__(self, port):
        self.port = port
        self.identity = token()  # the visitor's token
        self.ticket = None
        self.unacked = {}   # clientMsgId -> body
        self.sent = {}      # clientMsgId -> body, all of them
        self.acked = {}     # clientMsgId -> the seq its acknowledgement gave
        self.seen = {}      # seq -> (from, body)
        self.repeats = []   # seqs delivered twice
        self.chat = None

    def connect(self):
        resume = max(self.seen, default=0)
        self.chat = Chat(self.port, visitor=self.identity, resume=resume)
        assert (self.chat.welcome["type"], self.chat.welcome["seq"]) == ("welcome", resume), self.chat.welcome
        # What was sent and not acknowledged may or may not be stored: send it again.
        for cid, body in self.unacked.items():
            self.chat.send(cid, body)

    def send(self, cid, body):
        self.unacked[cid] = body
        self.sent[cid] = body
        self.chat.send(cid, body)

    def take(self, frame):
        if frame["type"] == "ack":
            self.unacked.pop(frame["clientMsgId"], None)
            self.acked[frame["clientMsgId"]] = frame["seq"]
            self.ticket = frame["ticket"]
        elif frame["type"] == "message":
            if frame["seq"] in self.seen:
                self.repeats.append(frame["seq"])
            self.seen[frame["seq"]] = (frame["author"], frame["text"])
        elif frame["type"] not in ("agent", "typing"):
            raise AssertionError(f"unexpected frame: {frame}")

    def read(self, count, wait=0.05):
        """Reads up to `count` frames, fewer if none starts within `wait` seconds (a frame
        once started is read whole: a timeout inside one would lose its first bytes)."""
        ws = self.chat.ws
        for _ in range(count):
            if not ws.buffer and not select.select([ws.sock], [], [], wait)[0]:
                return
            ws.sock.settimeout(30)
            self.take(self.chat.next())

    def drain_until(self, done, within=60):
        def step():
            self.read(200, wait=1)
            return done()
        wait_until(step, within, "the visitor's frames")

    def tear_down(self, rng):
        """The connection dies: no close frame; sometimes a reset instead of a FIN."""
        sock = self.chat.ws.sock
        if rng.random() < 0.5:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        self.chat = None


class ForcedDisconnects(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon(channels=CHANNELS, env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def reply(self, ticket_id, body):
        r = http("POST", self.d.base + BASE + f"/tickets/{ticket_id}/messages", json.dumps({"message": body}),
                 {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body[:300])

    def test_a_hundred_breaks_lose_and_repeat_nothing(self):
        rng = random.Random(17)
        v = Visitor(self.d.port)
        v.connect()
        v.send("v0", "hello, my order 17 is late")
        v.drain_until(lambda: not v.unacked)
        ticket_id = int(self.d.db.query(f"SELECT id FROM tickets WHERE number = '{v.ticket}'"))
        n = 1
        for round_ in range(BREAKS):
            replies = iter(range(REPLIES))
            for i in range(PER_ROUND):
                v.send(f"v{n}", f"visitor line {n}")
                n += 1
                if i % (PER_ROUND // REPLIES) == 0:
                    self.reply(ticket_id, f"agent line {round_}.{next(replies)}")
                if i % 10 == 9:
                    v.read(rng.randrange(0, 15), wait=0)
            # The break comes with a few messages not yet acknowledged (sent again after it, so
            # they are not left to pile up) and replies on their way.
            left = rng.randrange(0, 10)
            v.drain_until(lambda: len(v.unacked) <= left)
            v.tear_down(rng)
            v.connect()
        v.drain_until(lambda: not v.unacked)
        stored = self.d.db.query(
            f"SELECT count(*), count(DISTINCT external_id) FROM messages WHERE ticket_id = {ticket_id} "
            "AND direction = 'inbound'")
        self.assertEqual(stored, f"{n}|{n}")
        total = int(self.d.db.query(f"SELECT count(*) FROM messages WHERE ticket_id = {ticket_id}"))
        self.assertEqual(total, n + BREAKS * REPLIES)
        v.drain_until(lambda: len(v.seen) >= total)
        self.assertEqual(v.repeats, [])
        self.assertEqual(sorted(v.seen), list(range(1, total + 1)))
        # What the visitor saw is the conversation as stored, in its order.
        rows = self.d.db.query(f"SELECT conversation_seq, body FROM messages WHERE ticket_id = {ticket_id} "
                               "ORDER BY conversation_seq").splitlines()
        self.assertEqual([v.seen[s][1] for s in sorted(v.seen)], [r.split("|", 1)[1] for r in rows])
        visitor_lines = [body for sender, body in (v.seen[s] for s in sorted(v.seen)) if sender == "visitor"]
        self.assertEqual(len(visitor_lines), n)
        self.assertEqual(len(set(visitor_lines)), n)
        # Each acknowledgement named the seq its message is seen under.
        self.assertEqual(len(v.acked), n)
        self.assertEqual({cid: v.seen[seq] for cid, seq in v.acked.items()},
                         {cid: ("visitor", body) for cid, body in v.sent.items()})


if __name__ == "__main__":
    unittest.main()
