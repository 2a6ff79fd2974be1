#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Event stream benchmark (not a test): N clients (default 1,000; SSE, or WebSocket with --ws)
stay connected to one frontdeskd while a producer posts agent replies through the REST API at a
steady rate; every client records when each event arrives. The latency of an event at a client
is its arrival minus the moment the API answered the write that made it (the answer comes after
COMMIT, so this is at most the true commit-to-client time plus the answer's trip, which on
loopback is well under a millisecond). Prints p50/p99/max over all (event, client) pairs and
how many deliveries were missing. Target (DESIGN.md): p99 <= 100 ms with 1,000 clients.

  FRONTDESK_TEST_DATABASE_URL=... FRONTDESKD=build/bin/frontdeskd \
  FRONTDESK_PLUGINS=build/plugins python3 bench/stream_bench/run_stream_bench.py \
      [--clients 1000] [--events 200] [--rate 20] [--ws]

The clients run in this one asyncio process, so what it measures includes Python's own
scheduling delay: a conservative figure. Raise the open-files limit (ulimit -n 4096) first.
"""
import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration", "daemon"))
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

ADMIN = "fdx_bench_admin_token_0123456789abcdef"
BASE = "/api/v1/support"


async def sse_client(port, arrivals, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"GET {BASE}/events?types=message.created HTTP/1.1\r\nHost: x\r\n"
                  f"Authorization: Bearer {ADMIN}\r\n\r\n").encode())
    await writer.drain()
    await reader.readuntil(b"\r\n\r\n")
    ready.append(1)
    buf = b""
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        now = time.monotonic()
        buf += chunk
        while b"\n\n" in buf:
            block, _, buf = buf.partition(b"\n\n")
            for line in block.split(b"\n"):
                if line.startswith(b"id: "):
                    arrivals.append((int(line[4:]), now))


async def ws_client(port, arrivals, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET {BASE}/stream?types=message.created HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                  f"Authorization: Bearer {ADMIN}\r\n\r\n").encode())
    await reader.readuntil(b"\r\n\r\n")
    payload = json.dumps({"resume": None}).encode()
    mask = os.urandom(4)
    writer.write(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    await writer.drain()
    ready.append(1)
    while True:
        head = await reader.readexactly(2)
        n = head[1] & 0x7F
        if n == 126:
            n = int.from_bytes(await reader.readexactly(2), "big")
        elif n == 127:
            n = int.from_bytes(await reader.readexactly(8), "big")
        data = await reader.readexactly(n)
        now = time.monotonic()
        op = head[0] & 0x0F
        if op == 0x9:  # ping: answer
            writer.write(bytes([0x8A, 0x80 | len(data)]) + b"\0\0\0\0" + data)
            continue
        if op == 0x1:
            frame = json.loads(data)
            if "id" in frame and frame.get("type") != "welcome":
                arrivals.append((frame["id"], now))


def post(port, ticket, i):
    body = json.dumps({"message": f"bench reply {i}"})
    sent = time.monotonic()
    r = http("POST", f"http://127.0.0.1:{port}{BASE}/tickets/{ticket}/messages", body,
             {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
    acked = time.monotonic()
    assert r.status == 201, r.body
    return r.json()["message"]["id"], sent, acked


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--events", type=int, default=200)
    p.add_argument("--rate", type=float, default=20.0, help="writes per second")
    p.add_argument("--ws", action="store_true")
    a = p.parse_args()

    db = TestDatabase()
    port = free_port()
    daemon = Daemon(config(port, db.conninfo, extra="events: { max_connections_per_token: 100000 }\n"),
                    env={"FRONTDESK_ADMIN_TOKEN": ADMIN})
    daemon.start().wait_healthy(f"http://127.0.0.1:{port}")
    try:
        r = http("POST", f"http://127.0.0.1:{port}{BASE}/tokens", json.dumps({"role": "customer", "email": "b@x.io"}),
                 {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
        customer = r.json()["token"]
        r = http("POST", f"http://127.0.0.1:{port}{BASE}/tickets", json.dumps({"subject": "bench", "description": "b"}),
                 {"Authorization": f"Bearer {customer}", "Content-Type": "application/json"})
        ticket = r.json()["ticket"]["id"]

        arrivals, ready = [], []
        client = ws_client if a.ws else sse_client
        tasks = [asyncio.create_task(client(port, arrivals, ready)) for _ in range(a.clients)]
        while len(ready) < a.clients:
            await asyncio.sleep(0.05)
        print(f"{a.clients} {'WebSocket' if a.ws else 'SSE'} clients connected")

        writes = []
        loop = asyncio.get_running_loop()
        for i in range(a.events):
            writes.append(await loop.run_in_executor(None, post, port, ticket, i))
            await asyncio.sleep(1.0 / a.rate)
        deadline = time.monotonic() + 10
        while len(arrivals) < a.clients * a.events and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        for t in tasks:
            t.cancel()

        # Which audit event each write made.
        ids = ",".join(str(w[0]) for w in writes)
        rows = db.query(f"SELECT (data->>'messageId')::bigint, id FROM audit_events "
                        f"WHERE event = 'message.sent' AND (data->>'messageId')::bigint IN ({ids})")
        event_of = {int(m): int(e) for m, e in (line.split("|") for line in rows.split())}
        acked_at = {event_of[m]: acked for m, _, acked in writes}
        lat = [(t - acked_at[e]) * 1000 for e, t in arrivals if e in acked_at]
        lat.sort()
        missing = a.clients * a.events - len(lat)
        print(f"deliveries={len(lat)} missing={missing}")
        print(f"latency_ms p50={statistics.median(lat):.1f} p99={lat[int(len(lat) * 0.99) - 1]:.1f} max={lat[-1]:.1f}")
    finally:
        daemon.stop()
        db.drop()


if __name__ == "__main__":
    asyncio.run(main())
