# SPDX-License-Identifier: Apache-2.0
"""Runs browser test files (node's test runner, playwright-core, Debian's chromium) against
a real frontdeskd on a fresh test database, as the integration tests start it.

    run.py help_center.test.mjs [more.test.mjs ...]

The test files get the daemon through the environment (lib/daemon.mjs reads it):
FRONTDESK_URL, FRONTDESK_ADMIN_TOKEN, FRONTDESK_STATE_DIR (the daemon's state_dir, where the
status page's static copy is), FRONTDESK_DATABASE (its database, for seeding what no API
writes, such as past days' uptime) and FRONTDESK_SCREENSHOTS, where they save pictures.
The live chat is on for pages of FRONTDESK_SHOP_ORIGIN, http://localhost:<a free port>: the
site the widget's tests serve themselves (on loopback, as the daemon is, since browsers keep
public pages from reaching loopback; another origin all the same).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration", "api"))

from api_client import ADMIN_TOKEN  # noqa: E402
from daemon_harness import RunningDaemon, free_port  # noqa: E402


def main(files):
    shop_origin = f"http://localhost:{free_port()}"
    channels = ("  webform: { enabled: true, rate_limit_per_minute: 1000 }\n"
                f"  livechat: {{ enabled: true, allowed_origins: ['{shop_origin}'] }}\n")
    state_dir = tempfile.mkdtemp(prefix="frontdesk-browser-")
    daemon = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN}, state_dir=state_dir,
                           channels=channels, extra="status: { name: Frontdesk }\n")
    started = time.monotonic()
    try:
        env = dict(os.environ, FRONTDESK_URL=daemon.base, FRONTDESK_ADMIN_TOKEN=ADMIN_TOKEN,
                   FRONTDESK_STATE_DIR=state_dir, FRONTDESK_DATABASE=daemon.db.conninfo,
                   FRONTDESK_SHOP_ORIGIN=shop_origin)
        env.setdefault("FRONTDESK_SCREENSHOTS", os.path.join(HERE, "screenshots"))
        code = subprocess.run(["node", "--test", "--test-concurrency=1", *files], cwd=HERE, env=env).returncode
    finally:
        stopped = daemon.stop()
        shutil.rmtree(state_dir, ignore_errors=True)
    print(f"browser tests: {time.monotonic() - started:.1f} s with the daemon up", flush=True)
    if stopped != 0:
        print(f"frontdeskd exited with {stopped}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
