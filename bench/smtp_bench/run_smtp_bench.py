#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs smtp_bench against a fresh frontdeskd (email channel on its own loopback port, the
shipped rules loaded) several times and prints each run and the median committed
messages per second; each run checks that every 250 is a stored message.

  bench/smtp_bench/run_smtp_bench.py --build build/dev [--runs 3] [--connections 32] [--messages 200]

The database server is FRONTDESK_TEST_DATABASE_URL (as for the tests); each run gets its
own database, dropped afterwards."""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "daemon"))

from daemon_harness import Daemon, TestDatabase, config, free_port  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="CMake build directory")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--messages", type=int, default=200, help="per connection")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    driver = os.path.join(build, "bench", "smtp_bench", "smtp_bench")
    import daemon_harness
    daemon_harness.FRONTDESKD = os.environ.get("FRONTDESKD", os.path.join(build, "bin", "frontdeskd"))

    rates = []
    for run in range(args.runs):
        db = TestDatabase()
        port, smtp_port = free_port(), free_port()
        channels = ("  webform: { enabled: false }\n"
                    f"  email: {{ enabled: true, address: support@example.com, listen: 127.0.0.1:{smtp_port}, "
                    f"max_sessions: {args.connections + 8} }}\n")
        text = config(port, db.conninfo, plugins_dir=os.path.join(build, "plugins"), channels=channels)
        text = text.replace("log: { level: debug }", "log: { level: warn }")
        text += f"rules: {{ dir: {os.path.join(ROOT, 'rules')} }}\n"
        daemon = Daemon(text)
        try:
            daemon.start().wait_healthy(f"http://127.0.0.1:{port}")
            out = subprocess.run([driver, "--port", str(smtp_port), "--connections", str(args.connections),
                                  "--messages", str(args.messages), "--run", f"r{run}"],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"smtp_bench failed:\n{out.stdout}\n{out.stderr}\n{daemon.logs()[-3000:]}")
            stored = int(db.query("SELECT count(*) FROM messages WHERE channel = 'email' AND direction = 'inbound'"))
        finally:
            daemon.stop()
            db.drop()
        committed = int(re.search(r"committed (\d+)", out.stdout).group(1))
        rate = int(re.search(r"(\d+) messages/s", out.stdout).group(1))
        print(f"run {run + 1}: {out.stdout.strip()}; {stored} stored", flush=True)
        if stored != committed:
            raise SystemExit(f"answered 250 for {committed} messages but stored {stored}")
        rates.append(rate)
    print(f"median of {args.runs}: {statistics.median(rates):.0f} committed messages/s over SMTP")


if __name__ == "__main__":
    main()
