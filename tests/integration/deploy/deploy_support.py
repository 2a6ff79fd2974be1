# SPDX-License-Identifier: Apache-2.0
"""Shared by the deployment tests: the build under test and a staged `cmake --install`."""
import os
import re
import subprocess
import tempfile

BUILD_DIR = os.environ.get("FRONTDESK_BUILD_DIR", "")
PREFIX = os.environ.get("FRONTDESK_INSTALL_PREFIX", "/usr")
VERSION = os.environ.get("FRONTDESK_VERSION", "")
HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv, **kwargs):
    """Runs a command; a failure raises with its whole output in the message."""
    r = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if r.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r


def require_build():
    if not BUILD_DIR or not os.path.isdir(BUILD_DIR):
        raise AssertionError("FRONTDESK_BUILD_DIR is not set; run the deploy tests through ctest")


def stage_install():
    """`cmake --install` into a fresh DESTDIR; returns (tempdir handle, staged root)."""
    require_build()
    tmp = tempfile.TemporaryDirectory(prefix="fd-deploy-")
    root = os.path.join(tmp.name, "root")
    run(["cmake", "--install", BUILD_DIR], env={**os.environ, "DESTDIR": root})
    return tmp, root


def staged(root, path):
    return os.path.join(root, path.lstrip("/"))


def exposure(text):
    """The overall exposure score from `systemd-analyze security` output."""
    m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", text)
    if not m:
        raise AssertionError("no exposure level in systemd-analyze output:\n" + text)
    return float(m.group(1))
