#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs webhook_bench against a fresh frontdeskd (whatsapp channel on, the shipped rules
loaded) several times: first at full speed (throughput), then at half the measured rate
(latency). Prints each run and the medians.

  bench/webhook_bench/run_webhook_bench.py --build build/dev [--runs 3] [--seconds 10]

The database server is FRONTDESK_TEST_DATABASE_URL (as for the tests); each run gets its
own database, dropped afterwards. Each run first warms up (the --warmup seconds at full speed,
not counted) and has PostgreSQL ANALYZE the tables, as autovacuum does within a minute on a
running system: the measurement is the steady state, not the first seconds of an empty
database whose statistics still say its tables are empty."""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "daemon"))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures", "providers"))

from daemon_harness import Daemon, TestDatabase, config, free_port  # noqa: E402
from mock_providers import GraphApiMock  # noqa: E402

SECRET = "bench-app-secret"


def channels(api_base):
    return ("  webform: { enabled: false }\n"
            "  whatsapp:\n"
            "    enabled: true\n"
            "    phone_number_id: \"106540352242922\"\n"
            "    access_token: bench-token\n"
            f"    app_secret: {SECRET}\n"
            "    verify_token: bench\n"
            f"    api_base: {api_base}\n")


def drive(driver, port, seconds, connections, rate, run_id):
    out = subprocess.run([driver, "--port", str(port), "--secret", SECRET, "--seconds", str(seconds),
                          "--connections", str(connections), "--rate", str(rate), "--run-id", run_id],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"webhook_bench failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="CMake build directory")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=3, help="seconds at full speed before measuring")
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"),
                    help="rules directory (default: the shipped rules)")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    driver = os.path.join(build, "bench", "webhook_bench", "webhook_bench")
    os.environ.setdefault("FRONTDESKD", os.path.join(build, "bin", "frontdeskd"))
    import daemon_harness
    daemon_harness.FRONTDESKD = os.environ["FRONTDESKD"]

    results = []
    for run in range(args.runs):
        db = TestDatabase()
        graph = GraphApiMock()  # the rules' acknowledgements are delivered, as in production
        port = free_port()
        text = config(port, db.conninfo, plugins_dir=os.path.join(build, "plugins"), channels=channels(graph.api_base))
        text = text.replace("log: { level: debug }", "log: { level: warn }")
        text += f"rules: {{ dir: {os.path.abspath(args.rules)} }}\n"
        daemon = Daemon(text)
        try:
            daemon.start().wait_healthy(f"http://127.0.0.1:{port}")
            if args.warmup > 0:
                warm = drive(driver, port, args.warmup, args.connections, 0, f"{run}warm")
                db.query("ANALYZE")
            full = drive(driver, port, args.seconds, args.connections, 0, f"{run}full")
            half = drive(driver, port, args.seconds, args.connections, full["per_second"] / 2, f"{run}half")
            stored = db.query("SELECT count(*) FROM messages WHERE direction = 'inbound'")
            backlog = db.query("SELECT count(*) FROM audit_events WHERE rules_pending")
            sent = db.query("SELECT count(*) FROM outbox WHERE status = 'sent'")
        finally:
            daemon.stop()
            graph.close()
            db.drop()
        print(f"run {run + 1}: full speed {full['per_second']:.0f} msgs/s (p50 {full['p50_ms']:.2f} ms, "
              f"p99 {full['p99_ms']:.2f} ms); at {full['per_second'] / 2:.0f}/s p50 {half['p50_ms']:.2f} ms, "
              f"p99 {half['p99_ms']:.2f} ms; {stored} messages stored; at the end {backlog} events "
              f"still pending for the rules, {sent} replies sent", flush=True)
        acknowledged = full["acknowledged"] + half["acknowledged"] + (warm["acknowledged"] if args.warmup > 0 else 0)
        if int(stored) != acknowledged:
            raise SystemExit(f"acknowledged {acknowledged} but stored {stored}")
        results.append((full, half))
    med = statistics.median
    print(f"median of {args.runs}: {med(r[0]['per_second'] for r in results):.0f} acknowledged msgs/s; "
          f"at half rate p50 {med(r[1]['p50_ms'] for r in results):.2f} ms, "
          f"p99 {med(r[1]['p99_ms'] for r in results):.2f} ms")


if __name__ == "__main__":
    main()
