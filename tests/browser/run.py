"""Runs browser test files (node's test runner, playwright-core, Debian's chromium) against
a real frontdeskd on a fresh test database, as the integration tests start it.

    run.py help_center.test.mjs [more.test.mjs ...]

The test files get the daemon through the environment (lib/daemon.mjs reads it):
FRONTDESK_URL, FRONTDESK_ADMIN_TOKEN, FRONTDESK_TEST_DB (the test database's conninfo, for
what only the database shows, such as a mail in the outbox), and FRONTDESK_SCREENSHOTS,
where they save pictures.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "api"))

from api_client import ADMIN_TOKEN  # noqa: E402
from daemon_harness import RunningDaemon  # noqa: E402


def main(files):
    daemon = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
    started = time.monotonic()
    try:
        env = dict(os.environ, FRONTDESK_URL=daemon.base, FRONTDESK_ADMIN_TOKEN=ADMIN_TOKEN,
                   FRONTDESK_TEST_DB=daemon.db.conninfo)
        env.setdefault("FRONTDESK_SCREENSHOTS", os.path.join(HERE, "screenshots"))
        code = subprocess.run(["node", "--test", "--test-concurrency=1", *files], cwd=HERE, env=env).returncode
    finally:
        stopped = daemon.stop()
    print(f"browser tests: {time.monotonic() - started:.1f} s with the daemon up", flush=True)
    if stopped != 0:
        print(f"frontdeskd exited with {stopped}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
