# SPDX-License-Identifier: Apache-2.0
"""POP3 polling against a real Dovecot (Debian's dovecot-pop3d) started by the test on a
free port, unprivileged, with a Maildir the test fills: messages are stored, then deleted
from the mailbox; one whose commit fails stays until a later pass stores it."""
import grp
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import unittest

from daemon_harness import free_port, wait_until
from email_harness import EmailDaemon, message

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


class Dovecot:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="frontdesk-dovecot-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        # Dovecot never delivers mail as root: run it as nobody when the tests run as root.
        self.user = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        self.maildir = os.path.join(self.dir, "home", "pop", "Maildir")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(self.maildir, sub))
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            f.write("pop:{PLAIN}secret::::::\n")
        group = self.user.pw_gid
        conf = f"""
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.dir}/dovecot.log
default_internal_user = {self.user.pw_name}
default_internal_group = {grp.getgrgid(group).gr_name}
default_login_user = {self.user.pw_name}
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = {self.user.pw_uid}
last_valid_uid = {self.user.pw_uid}
first_valid_gid = {group}
passdb {{
  driver = passwd-file
  args = {self.dir}/passwd
}}
userdb {{
  driver = static
  args = uid={self.user.pw_uid} gid={group} home={self.dir}/home/%u
}}
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
service pop3-login {{
  inet_listener pop3 {{
    port = {self.port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service pop3-login {{
  chroot =
}}
"""
        self.conf = os.path.join(self.dir, "dovecot.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        for root, dirs, files in os.walk(self.dir):
            for name in dirs + files:
                os.chown(os.path.join(root, name), self.user.pw_uid, group)
        os.chown(self.dir, self.user.pw_uid, group)
        cmd = [DOVECOT, "-F", "-c", self.conf]
        if os.geteuid() == 0:
            cmd = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={group}", "--clear-groups"] + cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def listening():
            if self.proc.poll() is not None:
                raise AssertionError(f"dovecot exited: {self.log()}")
            import socket
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    return s.recv(100).startswith(b"+OK")
            except OSError:
                return False
        wait_until(listening, 30, "dovecot to listen")

    def log(self):
        try:
            with open(os.path.join(self.dir, "dovecot.log")) as f:
                return f.read()
        except OSError:
            return ""

    def deliver(self, name, raw):
        path = os.path.join(self.maildir, "new", f"{time.time_ns()}.{name}.test")
        with open(path, "wb") as f:
            f.write(raw)
        os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def count(self):
        return sum(len(os.listdir(os.path.join(self.maildir, sub))) for sub in ("new", "cur"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


class EmailPop3Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dovecot = Dovecot()
        cls.d = None

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop() if cls.d else 0
        cls.dovecot.stop()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_messages_are_deleted_only_after_commit(self):
        first, first_id = message(subject="Polled one", body="From the mailbox.")
        second, second_id = message(subject="Polled two", sender="bob@example.org")
        self.dovecot.deliver("one", first.replace(b"\r\n", b"\n"))
        self.dovecot.deliver("two", second.replace(b"\r\n", b"\n"))
        pop3 = (f"    pop3: [{{host: 127.0.0.1, port: {self.dovecot.port}, user: pop, "
                "password: secret, tls: false}]\n    pop3_interval_seconds: 1\n")
        type(self).d = EmailDaemon(extra_email=pop3)
        wait_until(lambda: self.dovecot.count() == 0, 60, "the mailbox to be emptied")
        self.assertEqual(self.d.query(
            "SELECT subject, body, metadata->'envelope'->>'source' FROM messages "
            f"WHERE external_id = '{first_id}'"),
            f"Polled one|From the mailbox.|pop3:pop@127.0.0.1")
        self.assertEqual(self.d.query(f"SELECT count(*) FROM messages WHERE external_id = '{second_id}'"), "1")

        # A storage failure leaves the message in the mailbox; a later pass stores it.
        self.d.query("""CREATE FUNCTION test_outage() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RAISE EXCEPTION 'simulated outage' USING ERRCODE = '53100'; END $$;
                        CREATE TRIGGER test_outage BEFORE INSERT ON messages
                        FOR EACH ROW EXECUTE FUNCTION test_outage();""")
        third, third_id = message(subject="During the outage")
        self.dovecot.deliver("three", third.replace(b"\r\n", b"\n"))
        wait_until(lambda: "simulated outage" in self.d.daemon.logs(), 60, "a failed ingest")
        wait_until(lambda: "stays in the mailbox" in self.d.daemon.logs(), 60, "the poller to give up")
        self.assertEqual(self.dovecot.count(), 1)
        self.d.query("DROP TRIGGER test_outage ON messages")
        wait_until(lambda: self.dovecot.count() == 0, 60, "the mailbox to be emptied again")
        self.assertEqual(self.d.query(f"SELECT count(*) FROM messages WHERE external_id = '{third_id}'"), "1")


if __name__ == "__main__":
    unittest.main()
