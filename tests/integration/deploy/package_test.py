# SPDX-License-Identifier: Apache-2.0
"""The Debian package: built with cpack, inspected, linted, installed on this machine with
dpkg -i, run as the frontdesk user with the shipped configuration, and purged again.

This machine has no running systemd (a container), so the unit itself is not started:
the maintainer scripts run their offline paths, and the test runs the unit's ExecStartPre
and ExecStart commands as its User= with the unit's UMask= and a NOTIFY_SOCKET of its own.
"""
import fcntl
import glob
import os
import pwd
import grp
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import unittest
import urllib.request

from daemon_harness import NotifySocket, free_port, wait_until
from deploy_support import BUILD_DIR, PREFIX, VERSION, require_build, run

ETC = "/etc/frontdesk"
CONFIG = ETC + "/frontdesk.yaml"
STATE = "/var/lib/frontdesk"

EXPECTED_FILES = [
    "/usr/bin/frontdeskd", "/usr/bin/frontdesk", "/usr/lib/frontdesk/plugins/webform.so", CONFIG,
    "/usr/lib/systemd/system/frontdeskd.service", "/usr/lib/sysusers.d/frontdesk.conf",
    "/usr/lib/tmpfiles.d/frontdesk.conf", "/usr/share/man/man8/frontdeskd.8.gz",
    "/usr/share/man/man1/frontdesk.1.gz", "/usr/include/frontdesk/plugin.h",
    "/usr/include/frontdesk/plugin.hpp", "/usr/share/cmake/Frontdesk/FrontdeskConfig.cmake",
    "/usr/share/cmake/Frontdesk/FrontdeskConfigVersion.cmake",
    "/usr/share/cmake/Frontdesk/FrontdeskTargets.cmake", "/usr/share/pkgconfig/frontdesk.pc",
    "/usr/share/doc/frontdesk/copyright", "/usr/share/doc/frontdesk/changelog.gz",
    "/usr/share/doc/frontdesk/operations.md", "/usr/share/doc/frontdesk/bind-privileged-port.conf",
    "/usr/share/frontdesk/rules/README.md", "/usr/share/frontdesk/kb-starter/categories.yaml",
    "/usr/share/frontdesk/kb-starter/tr/welcome.md", "/usr/share/frontdesk/web/pages/layout.mustache",
    "/usr/share/frontdesk/web/i18n/tr/LC_MESSAGES/frontdesk.mo",
]


def installed(package):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return r.returncode == 0 and "installed" in r.stdout.split()


def account_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def as_service_user(argv, **kwargs):
    return subprocess.run(argv, user="frontdesk", group="frontdesk", extra_groups=[], umask=0o027,
                          cwd=STATE, capture_output=True, text=True, **kwargs)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_build()
        if os.geteuid() != 0:
            raise AssertionError("the package test installs with dpkg -i and must run as root (CI does)")
        if PREFIX != "/usr":
            raise AssertionError(f"this build installs under {PREFIX}; the Debian package needs /usr: "
                                 f"reconfigure with cmake -DCMAKE_INSTALL_PREFIX=/usr {BUILD_DIR}")
        # Other build trees' test runs install the same package here: one at a time, machine-wide.
        cls.lock = open("/run/lock/frontdesk-package-test.lock", "w")
        fcntl.flock(cls.lock, fcntl.LOCK_EX)
        cls.tmp = tempfile.TemporaryDirectory(prefix="fd-package-")
        run(["cpack", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"), "-B", cls.tmp.name])
        arch = run(["dpkg", "--print-architecture"]).stdout.strip()
        cls.deb = os.path.join(cls.tmp.name, f"frontdesk_{VERSION}_{arch}.deb")
        if not os.path.exists(cls.deb):
            raise AssertionError(f"cpack made {glob.glob(cls.tmp.name + '/*.deb')}, not {cls.deb}")
        print(f"\n{os.path.basename(cls.deb)}: {os.path.getsize(cls.deb)} bytes")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        cls.lock.close()

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "frontdesk")
        self.assertEqual(self.field("Version"), VERSION)
        depends = [d.strip() for d in self.field("Depends").split(",")]
        names = [re.split(r"[ (]", d)[0] for d in depends]
        for needed in ["postgresql-15", "systemd-sysusers", "systemd-tmpfiles", "libc6", "libpq5", "libsystemd0"]:
            self.assertIn(needed, names, depends)
        # dpkg-shlibdeps found the Boost, yaml-cpp and spdlog libraries frontdeskd links.
        self.assertTrue(any(n.startswith("libboost-json") for n in names), depends)
        self.assertTrue(any(n.startswith("libyaml-cpp") for n in names), depends)
        self.assertTrue([d for d in depends if d.startswith("libpq5 (>= ")], "shlibs give minimum versions")

    def test_control_scripts_and_conffiles(self):
        control = os.path.join(self.tmp.name, "control")
        run(["dpkg-deb", "-e", self.deb, control])
        with open(os.path.join(control, "conffiles")) as f:
            self.assertEqual(f.read().split(), [CONFIG])
        for script in ["postinst", "prerm", "postrm"]:
            mode = stat.S_IMODE(os.stat(os.path.join(control, script)).st_mode)
            self.assertEqual(mode, 0o755, script)
            run(["sh", "-n", os.path.join(control, script)])

    def test_contents(self):
        listing = run(["dpkg-deb", "-c", self.deb]).stdout.splitlines()
        paths = {line.split()[-1].lstrip(".").rstrip("/") for line in listing}
        for path in EXPECTED_FILES:
            self.assertIn(path, paths)
        for plugin in glob.glob(os.path.join(BUILD_DIR, "plugins", "*.so")):
            self.assertIn("/usr/lib/frontdesk/plugins/" + os.path.basename(plugin), paths)
        self.assertFalse([p for p in paths if p.startswith("/usr/local")])
        self.assertTrue(all(line.split()[1] == "root/root" for line in listing), "files owned by root")
        x = os.path.join(self.tmp.name, "x")
        run(["dpkg-deb", "-x", self.deb, x])
        for binary in ["usr/bin/frontdeskd", "usr/bin/frontdesk", "usr/lib/frontdesk/plugins/webform.so"]:
            self.assertIn(", stripped", run(["file", os.path.join(x, binary)]).stdout, binary)

    def test_lintian_reports_no_errors(self):
        r = subprocess.run(["lintian", "--tag-display-limit", "0", self.deb], capture_output=True, text=True)
        tags = [l for l in r.stdout.splitlines() if re.match(r"^[EWIPX]: ", l)]
        print("\nlintian:\n" + ("\n".join(tags) or "(no tags)"))
        self.assertFalse([t for t in tags if t.startswith("E: ")], r.stdout + r.stderr)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_install_run_and_purge(self):
        if installed("frontdesk"):
            raise AssertionError("a frontdesk package is already installed here; this test installs and "
                                 "purges its own copy: remove it first (dpkg --purge frontdesk)")
        user_existed = account_exists("frontdesk")
        try:
            run(["dpkg", "-i", self.deb])
            self.check_installed()
            self.check_check_passes()
            self.check_daemon_runs_as_service_user()
            self.check_reinstall_keeps_local_edits()
        finally:
            subprocess.run(["dpkg", "--purge", "frontdesk"], capture_output=True)
            purged_state = (os.path.exists("/usr/bin/frontdeskd"), os.path.exists(ETC), os.path.exists(STATE))
            if not user_existed and account_exists("frontdesk"):
                subprocess.run(["userdel", "frontdesk"], capture_output=True)
            if not user_existed:
                subprocess.run(["groupdel", "frontdesk"], capture_output=True)
        self.assertFalse(installed("frontdesk"))
        self.assertEqual(purged_state, (False, False, False), "purge leaves no files, config or state")

    def check_installed(self):
        for path in EXPECTED_FILES:
            self.assertTrue(os.path.exists(path), path)
        user = pwd.getpwnam("frontdesk")
        self.assertLess(user.pw_uid, 1000)
        self.assertEqual(user.pw_dir, STATE)
        self.assertTrue(user.pw_shell.endswith("nologin"))
        gid = grp.getgrnam("frontdesk").gr_gid
        st = os.stat(STATE)
        self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (user.pw_uid, gid, 0o750))
        st = os.stat(CONFIG)
        self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (0, gid, 0o640))
        self.assertTrue(os.path.isfile(ETC + "/rules/README.md"), "rules seeded from /usr/share/frontdesk/rules")
        status = run(["dpkg-query", "-W", "-f=${Conffiles}", "frontdesk"]).stdout
        self.assertIn(CONFIG, status)
        self.assertEqual(run(["man", "-w", "8", "frontdeskd"]).stdout.strip(), "/usr/share/man/man8/frontdeskd.8.gz")
        # The installed unit against the real root, man pages included.
        r = subprocess.run(["systemd-analyze", "verify", "/usr/lib/systemd/system/frontdeskd.service"],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stderr.strip()), (0, ""), r.stdout + r.stderr)

    def check_check_passes(self):
        r = subprocess.run(["/usr/bin/frontdeskd", "--check", "--config", CONFIG], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("configuration OK (channels: webform)", r.stdout)
        # ExecStartPre runs it as User=frontdesk: the 0640 root:frontdesk file must be readable.
        r = as_service_user(["/usr/bin/frontdeskd", "--check", "--config", CONFIG])
        self.assertEqual(r.returncode, 0, r.stderr)

    def check_daemon_runs_as_service_user(self):
        # The shipped configuration with only the port changed: 8080 may be taken here.
        with open(CONFIG) as f:
            text = f.read()
        port = free_port()
        text, n = re.subn(r"(?m)^listen: 127\.0\.0\.1:8080$", f"listen: 127.0.0.1:{port}", text)
        self.assertEqual(n, 1)
        run_dir = tempfile.mkdtemp(prefix="fd-run-")
        os.chmod(run_dir, 0o755)
        config = os.path.join(run_dir, "frontdesk.yaml")
        with open(config, "w") as f:
            f.write(text)
        os.chmod(config, 0o644)
        notify = NotifySocket(run_dir)
        env = {"PATH": "/usr/bin:/bin", "HOME": STATE, "LANG": "C.UTF-8",
               "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"}
        proc = subprocess.Popen(["/usr/bin/frontdeskd", "--config", config], user="frontdesk", group="frontdesk",
                                extra_groups=[], umask=0o027, cwd=STATE, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        logs = []
        reader = threading.Thread(target=lambda: logs.extend(proc.stdout), daemon=True)
        reader.start()
        try:
            wait_until(lambda: "READY=1" in notify.seen() or proc.poll() is not None, timeout=90, what="READY=1")
            self.assertIsNone(proc.poll(), "".join(logs))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
                self.assertEqual(r.status, 200)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/support/new", timeout=10) as r:
                self.assertEqual(r.status, 200)
            # The embedded cluster runs as frontdesk in state_dir, without JIT (MemoryDenyWriteExecute).
            self.assertEqual(os.stat(STATE + "/pg/data").st_uid, pwd.getpwnam("frontdesk").pw_uid)
            jit = as_service_user(["psql", "-h", STATE + "/pg/run", "-U", "frontdesk", "-d", "frontdesk",
                                   "-XAtc", "SHOW jit"])
            self.assertEqual((jit.returncode, jit.stdout.strip()), (0, "off"), jit.stderr)
            wait_until(lambda: notify.seen().count("WATCHDOG=1") >= 2, what="watchdog pings")
            proc.send_signal(signal.SIGHUP)
            wait_until(lambda: "RELOADING=1" in notify.seen()
                       and "READY=1" in notify.seen()[notify.seen().index("RELOADING=1"):], what="reload")
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=60), 0, "".join(logs))
            self.assertIn("STOPPING=1", notify.seen())
            self.assertFalse(os.path.exists(STATE + "/pg/data/postmaster.pid"), "embedded PostgreSQL stopped")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            reader.join(timeout=10)
            proc.stdout.close()
            notify.close()
            shutil.rmtree(run_dir, ignore_errors=True)

    def check_reinstall_keeps_local_edits(self):
        with open(CONFIG, "a") as f:
            f.write("# local edit\n")
        with open(ETC + "/rules/local.yaml", "w") as f:
            f.write("# an admin's rule file\n")
        run(["dpkg", "-i", self.deb])
        with open(CONFIG) as f:
            self.assertTrue(f.read().endswith("# local edit\n"))
        self.assertTrue(os.path.exists(ETC + "/rules/local.yaml"))
        self.assertEqual(stat.S_IMODE(os.stat(CONFIG).st_mode), 0o640)


if __name__ == "__main__":
    unittest.main()
