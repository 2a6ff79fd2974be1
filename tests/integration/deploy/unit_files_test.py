# SPDX-License-Identifier: Apache-2.0
"""The systemd unit, its port-25 drop-in, sysusers.d and tmpfiles.d, as installed."""
import os
import shutil
import stat
import subprocess
import unittest

from deploy_support import HERE, PREFIX, exposure, run, stage_install, staged

UNIT = "frontdeskd.service"


def threshold():
    with open(os.path.join(HERE, "security_exposure.threshold")) as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    return float(lines[0])


def passwd_entry(root, name):
    with open(os.path.join(root, "etc/passwd")) as f:
        for line in f:
            fields = line.rstrip("\n").split(":")
            if fields[0] == name:
                return fields
    raise AssertionError(f"no {name} in {root}/etc/passwd")


class UnitFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.root = stage_install()
        cls.unit = staged(cls.root, f"{PREFIX}/lib/systemd/system/{UNIT}")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def verify(self, unit_dir, bindir=None):
        """systemd-analyze verify on a copy of the staged unit in unit_dir. systemd checks that
        ExecStart's program exists, so the copy runs the staged binaries (package_test
        verifies the installed unit verbatim)."""
        with open(self.unit) as f:
            text = f.read()
        bindir = bindir or staged(self.root, f"{PREFIX}/bin")
        text = text.replace(f"={PREFIX}/bin/", f"={bindir}/")
        os.makedirs(unit_dir, exist_ok=True)
        with open(os.path.join(unit_dir, UNIT), "w") as f:
            f.write(text)
        return subprocess.run(["systemd-analyze", "verify", "--man=no", os.path.join(unit_dir, UNIT)],
                              capture_output=True, text=True)

    def test_unit_verifies(self):
        r = self.verify(os.path.join(self.tmp.name, "verify"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stderr.strip(), "", "systemd-analyze verify complained")

    def test_verify_catches_a_missing_binary(self):
        r = self.verify(os.path.join(self.tmp.name, "verify-missing"), bindir=os.path.join(self.tmp.name, "nowhere"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("frontdeskd is not executable", r.stderr)

    def test_unit_contract(self):
        with open(self.unit) as f:
            text = f.read()
        for line in ["Type=notify", f"ExecStartPre={PREFIX}/bin/frontdeskd --check --config /etc/frontdesk/frontdesk.yaml",
                     f"ExecStart={PREFIX}/bin/frontdeskd --config /etc/frontdesk/frontdesk.yaml",
                     "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "User=frontdesk",
                     "StateDirectory=frontdesk", "KillMode=mixed", "CapabilityBoundingSet=\n",
                     "MemoryDenyWriteExecute=yes", "SystemCallFilter=@system-service", "UMask=0027"]:
            self.assertIn(line, text)
        self.assertRegex(text, r"\nWatchdogSec=\d+")

    def test_security_exposure_stays_under_the_recorded_threshold(self):
        out = run(["systemd-analyze", "security", "--offline=true", "--no-pager", self.unit]).stdout
        score = exposure(out)
        print(f"\nsystemd-analyze security exposure of {UNIT}: {score}")
        self.assertLess(score, 4.0, out)
        self.assertLessEqual(score, threshold(), f"exposure got worse than the recorded threshold:\n{out}")

    def test_port_25_dropin_grants_only_bind_service(self):
        unit_dir = os.path.join(self.tmp.name, "with-dropin")
        dropin_dir = os.path.join(unit_dir, UNIT + ".d")
        os.makedirs(dropin_dir)
        shutil.copy(self.unit, unit_dir)
        shutil.copy(staged(self.root, f"{PREFIX}/share/doc/frontdesk/bind-privileged-port.conf"), dropin_dir)
        unit = os.path.join(unit_dir, UNIT)
        base = run(["systemd-analyze", "security", "--offline=true", "--no-pager", self.unit]).stdout
        out = run(["systemd-analyze", "security", "--offline=true", "--no-pager", unit]).stdout
        bind_line = [l for l in out.splitlines() if "CAP_NET_(BIND_SERVICE" in l]
        self.assertTrue(bind_line and bind_line[0].lstrip().startswith("✗"), out)
        for other in ["CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_(DAC_*"]:
            line = [l for l in out.splitlines() if other in l][0]
            self.assertTrue(line.lstrip().startswith("✓"), line)
        self.assertGreater(exposure(out), exposure(base))
        self.assertLess(exposure(out), 4.0)
        dropin = os.path.join(self.tmp.name, "verify-dropin")
        os.makedirs(os.path.join(dropin, UNIT + ".d"))
        shutil.copy(os.path.join(dropin_dir, "bind-privileged-port.conf"), os.path.join(dropin, UNIT + ".d"))
        r = self.verify(dropin)
        self.assertEqual((r.returncode, r.stderr.strip()), (0, ""), r.stdout + r.stderr)

    def test_sysusers_and_tmpfiles_make_the_account_and_directories_offline(self):
        # What the package's postinst does, here into the staged tree instead of this machine.
        run(["systemd-sysusers", f"--root={self.root}", "frontdesk.conf"])
        user = passwd_entry(self.root, "frontdesk")
        self.assertEqual(user[5], "/var/lib/frontdesk")
        self.assertTrue(user[6].endswith("nologin"), user)
        self.assertLess(int(user[2]), 1000, "a system account")
        run(["systemd-tmpfiles", f"--root={self.root}", "--create", "frontdesk.conf"])
        uid, gid = int(user[2]), int(user[3])
        state = os.stat(staged(self.root, "/var/lib/frontdesk"))
        self.assertEqual((state.st_uid, state.st_gid, stat.S_IMODE(state.st_mode)), (uid, gid, 0o750))
        conf = os.stat(staged(self.root, "/etc/frontdesk/frontdesk.yaml"))
        self.assertEqual((conf.st_uid, conf.st_gid, stat.S_IMODE(conf.st_mode)), (0, gid, 0o640))
        etc = os.stat(staged(self.root, "/etc/frontdesk"))
        self.assertEqual(stat.S_IMODE(etc.st_mode), 0o750)


if __name__ == "__main__":
    unittest.main()
