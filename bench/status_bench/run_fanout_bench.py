#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fan-out of one status-page incident to N confirmed e-mail subscribers (default 10,000):
a fresh frontdeskd with the email channel pointed at a local SMTP sink (aiosmtpd), the
subscribers inserted in bulk, one incident opened through the API. Prints the time to queue
every message in the outbox, the time until the sink has received all of them (the outbox's
rate), and the API's latency (p50, p99 of GET /api/v1/status/components, called in a loop by
one client) while the messages go out.

  FRONTDESK_TEST_DATABASE_URL=... bench/status_bench/run_fanout_bench.py --build build/dev [--subscribers 10000]

The machine this runs on is shared: say so next to any figure."""
import argparse
import json
import os
import statistics
import sys
import threading
import time

from aiosmtpd.controller import Controller

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "daemon"))

import daemon_harness  # noqa: E402
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

TOKEN = "fdx_bench_admin_token_0123456789abcdef"


class Sink:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build/dev")
    parser.add_argument("--subscribers", type=int, default=10000)
    args = parser.parse_args()
    build = os.path.join(ROOT, args.build)
    daemon_harness.FRONTDESKD = os.path.join(build, "bin", "frontdeskd")

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    db = TestDatabase()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    channels = ("  webform: { enabled: false }\n"
                "  email:\n    enabled: true\n    address: status@example.com\n"
                f"    listen: 127.0.0.1:{free_port()}\n"
                f"    outbound: {{ host: 127.0.0.1, port: {smtp.port} }}\n")
    daemon = Daemon(config(port, db.conninfo, plugins_dir=os.path.join(build, "plugins"), channels=channels,
                           extra="log: { level: warn }\n").replace("log: { level: debug }\n", ""),
                    env={"FRONTDESK_ADMIN_TOKEN": TOKEN})
    daemon.start().wait_healthy(base)
    headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
    try:
        r = http("POST", base + "/api/v1/status/components", json.dumps({"name": "API"}), headers)
        assert r.status == 201, r.body
        db.query("INSERT INTO status_subscribers (channel, address, confirmed_at) "
                 f"SELECT 'email', 'sub' || g || '@example.org', now() FROM generate_series(1, {args.subscribers}) g")
        latencies = []
        done = threading.Event()

        def probe():
            while not done.is_set():
                t = time.perf_counter()
                assert http("GET", base + "/api/v1/status/components", None, headers).status == 200
                latencies.append(time.perf_counter() - t)

        prober = threading.Thread(target=probe)
        prober.start()
        start = time.perf_counter()
        r = http("POST", base + "/api/v1/status/incidents",
                 json.dumps({"title": "Bench", "message": "Fan-out.", "components": ["API"]}), headers)
        assert r.status == 201, r.body
        wait_until(lambda: db.query("SELECT recipients FROM status_notifications WHERE dispatched_at IS NOT NULL"),
                   600, "the fan-out")
        queued = time.perf_counter() - start
        wait_until(lambda: sink.count >= args.subscribers, 3600, "every message at the SMTP sink")
        delivered = time.perf_counter() - start
        done.set()
        prober.join()
        ms = sorted(x * 1000 for x in latencies)
        print(f"subscribers: {args.subscribers}")
        print(f"queued in the outbox after: {queued:.2f} s")
        print(f"all at the SMTP sink after: {delivered:.2f} s ({args.subscribers / delivered:.0f} messages/s)")
        print(f"API while sending: {len(ms)} calls, p50 {statistics.median(ms):.1f} ms, "
              f"p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms")
    finally:
        daemon.stop()
        db.drop()
        smtp.stop()


if __name__ == "__main__":
    main()
