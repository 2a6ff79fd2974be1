#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Memory of frontdeskd receiving large mail over SMTP: starts a fresh daemon (email channel
on its own loopback port), sends one large mail, then N at once over separate connections
(Python's smtplib as the real SMTP peer), and prints the daemon's resident memory read from
/proc/<pid>/status: VmRSS before, the peak (VmHWM, reset through /proc/<pid>/clear_refs
before each step) and VmRSS once everything is stored and the daemon is idle again.

  bench/smtp_bench/rss_bench.py --build build/dev [--mib 24] [--concurrent 4] [--json]

The database server is FRONTDESK_TEST_DATABASE_URL (as for the tests); the run gets its own
database, dropped afterwards. tests/integration/email/email_memory_test.py asserts bounds
on the same figures with the same helpers (rss_probe.py)."""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "daemon"))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration", "email"))

import daemon_harness  # noqa: E402
from rss_probe import measure_large_mail  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="CMake build directory")
    ap.add_argument("--mib", type=float, default=24.0, help="size of each mail in MiB")
    ap.add_argument("--concurrent", type=int, default=4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    daemon_harness.FRONTDESKD = os.environ.get("FRONTDESKD", os.path.join(build, "bin", "frontdeskd"))
    figures = measure_large_mail(os.path.join(build, "plugins"), args.mib, args.concurrent,
                                 progress=lambda f: print(json.dumps(f), file=sys.stderr, flush=True))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    mib = lambda kib: f"{kib / 1024:.1f} MiB"  # noqa: E731
    print(f"idle before:                 VmRSS {mib(figures['idle_kib'])}")
    print(f"one {args.mib:g} MiB mail:            peak {mib(figures['one_peak_kib'])} "
          f"(+{mib(figures['one_peak_kib'] - figures['idle_kib'])}), after {mib(figures['one_after_kib'])}")
    print(f"{args.concurrent} at once:                  peak {mib(figures['many_peak_kib'])} "
          f"(+{mib(figures['many_peak_kib'] - figures['idle_kib'])}), after {mib(figures['many_after_kib'])}")
    print(f"replies: {figures['replies']}")


if __name__ == "__main__":
    main()
