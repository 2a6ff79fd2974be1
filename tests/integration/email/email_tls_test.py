# SPDX-License-Identifier: Apache-2.0
"""STARTTLS on the SMTP listener with real TLS peers: Python's smtplib (certificate verified
against the throwaway CA the test makes with `openssl req`) and `swaks --tls`. A message sent
under TLS is stored; relaying to another domain stays refused with or without TLS; bytes
pipelined behind STARTTLS are dropped, not read as if they had come encrypted; a listener
without a certificate offers no STARTTLS; a key that does not fit refuses to start."""
import os
import smtplib
import socket
import ssl
import subprocess
import tempfile
import unittest
import uuid

from daemon_harness import Daemon, TestDatabase, config, free_port
from email_harness import ADDRESS, EmailDaemon, message


def self_signed(directory, name="cert"):
    key, cert = os.path.join(directory, name + ".key"), os.path.join(directory, name + ".pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    os.chmod(key, 0o644)  # the daemon may run as another account in packaged tests
    return cert, key


class StartTls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="email-tls-")
        os.chmod(cls.dir, 0o755)
        cls.cert, key = self_signed(cls.dir)
        cls.d = EmailDaemon(extra_email=f"    tls_certificate: {cls.cert}\n    tls_key: {key}\n")

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def verified(self):
        context = ssl.create_default_context(cafile=self.cert)
        context.check_hostname = True
        return context

    def test_smtplib_starttls_verifies_the_certificate_and_delivers(self):
        raw, mid = message(subject="Sent under TLS")
        with smtplib.SMTP("localhost", self.d.smtp_port, timeout=30) as s:
            s.ehlo("client.example.org")
            self.assertTrue(s.has_extn("starttls"))
            code, _ = s.starttls(context=self.verified())
            self.assertEqual(code, 220)
            self.assertIsNotNone(s.sock.version())
            s.ehlo("client.example.org")
            self.assertFalse(s.has_extn("starttls"), "offered once only")
            self.assertEqual(s.mail("customer@example.org")[0], 250)
            # No AUTH, no relaying: only our own address is a recipient, TLS or not.
            self.assertEqual(s.rcpt("victim@elsewhere.example")[0], 550)
            self.assertEqual(s.rcpt(ADDRESS)[0], 250)
            code, text = s.data(raw)
            self.assertEqual(code, 250, text)
        self.assertRegex(self.d.ticket_of(mid), r"^TKT-")
        with smtplib.SMTP("localhost", self.d.smtp_port, timeout=30) as s:
            s.starttls(context=self.verified())
            self.assertEqual(s.docmd("AUTH", "PLAIN AGFAYQ==")[0], 502)

    def test_swaks_tls(self):
        mid = f"swaks-tls-{uuid.uuid4().hex}@example.org"
        out = subprocess.run(
            ["swaks", "--server", "127.0.0.1", "--port", str(self.d.smtp_port), "--tls",
             "--from", "swaks@example.org", "--to", ADDRESS, "--header", "Subject: swaks over TLS",
             "--header", f"Message-Id: <{mid}>", "--body", "Encrypted on the way in."],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("TLS started", out.stdout)
        self.assertRegex(out.stdout, r"<~\s+250 2\.0\.0 queued as TKT-")  # <~ : an answer read under TLS
        self.assertEqual(self.d.query(f"SELECT body FROM messages WHERE external_id = '{mid}'"),
                         "Encrypted on the way in.")

    def test_commands_sent_with_starttls_are_dropped(self):
        sock = socket.create_connection(("127.0.0.1", self.d.smtp_port), timeout=30)
        reader = sock.makefile("rb")
        reader.readline()  # 220
        sock.sendall(b"EHLO client.example.org\r\n")
        while not reader.readline().startswith(b"250 "):
            pass
        # An attacker in the path appends a command to the client's STARTTLS.
        sock.sendall(b"STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n")
        self.assertTrue(reader.readline().startswith(b"220 "))
        tls = self.verified().wrap_socket(sock, server_hostname="localhost")
        tls_reader = tls.makefile("rb")
        # Had the injected MAIL been read, this RCPT would be accepted; it must come after EHLO.
        tls.sendall(b"RCPT TO:<" + ADDRESS.encode() + b">\r\n")
        self.assertTrue(tls_reader.readline().startswith(b"503 "))
        tls.sendall(b"QUIT\r\n")
        tls.close()


class WithoutCertificate(unittest.TestCase):
    def test_no_starttls_offered_and_a_bad_key_refuses_to_start(self):
        d = EmailDaemon()
        try:
            with d.smtp() as s:
                s.ehlo("client.example.org")
                self.assertFalse(s.has_extn("starttls"))
                self.assertEqual(s.docmd("STARTTLS")[0], 502)
        finally:
            self.assertEqual(d.stop(), 0)
        directory = tempfile.mkdtemp(prefix="email-tls-bad-")
        os.chmod(directory, 0o755)
        cert, _ = self_signed(directory, "one")
        _, other_key = self_signed(directory, "two")
        db = TestDatabase()
        try:
            channels = ("  webform: { enabled: false }\n  email:\n    enabled: true\n"
                        f"    listen: 127.0.0.1:{free_port()}\n"
                        f"    tls_certificate: {cert}\n    tls_key: {other_key}\n")
            daemon = Daemon(config(free_port(), db.conninfo, channels=channels)).start()
            code = daemon.proc.wait(60)
            self.assertNotEqual(code, 0)
            self.assertIn("channels.email.tls_key: cannot use " + other_key, daemon.logs())
        finally:
            db.drop()


if __name__ == "__main__":
    unittest.main()
