# SPDX-License-Identifier: Apache-2.0
"""frontdeskd with the email channel on a free SMTP port, plus helpers to send and inspect."""
import os
import smtplib
import uuid

from daemon_harness import Daemon, TestDatabase, config, free_port, wait_until

FIXTURES = os.environ.get("FRONTDESK_MAIL_FIXTURES", "")
ADDRESS = "support@example.com"


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


class EmailDaemon:
    """A healthy frontdeskd on a fresh database with channels.email enabled."""

    def __init__(self, protocol="smtp", extra_email="", extra="", env=None):
        self.db = TestDatabase()
        self.port = free_port()
        self.smtp_port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        channels = ("  webform: { enabled: false }\n"
                    "  email:\n"
                    "    enabled: true\n"
                    f"    address: {ADDRESS}\n"
                    f"    listen: 127.0.0.1:{self.smtp_port}\n"
                    f"    protocol: {protocol}\n"
                    "    max_message_bytes: 1048576\n"
                    f"{extra_email}")
        self.daemon = Daemon(config(self.port, self.db.conninfo, channels=channels, extra=extra), env=env)
        self.daemon.start().wait_healthy(self.base)

    def stop(self):
        code = self.daemon.stop()
        self.db.drop()
        return code

    def query(self, sql):
        return self.db.query(sql)

    def smtp(self):
        return smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30)

    def send(self, raw, sender="customer@example.org", recipients=(ADDRESS,)):
        """Sends raw bytes; returns the (code, text) of the final reply."""
        with self.smtp() as s:
            s.ehlo("client.example.org")
            code, _ = s.mail(sender)
            assert code == 250, code
            for r in recipients:
                code, text = s.rcpt(r)
                if code != 250:
                    return code, text
            return s.data(raw)

    def ticket_of(self, message_id):
        return self.query(
            "SELECT t.number FROM messages m JOIN tickets t ON t.id = m.ticket_id "
            f"WHERE m.channel = 'email' AND m.external_id = '{message_id}'")


def message(subject="Help", body="Please help.", sender="Ann Example <ann@example.org>",
            message_id=None, headers=""):
    message_id = message_id or f"{uuid.uuid4().hex}@example.org"
    raw = (f"From: {sender}\r\nTo: {ADDRESS}\r\nSubject: {subject}\r\n"
           f"Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n{headers}\r\n{body}\r\n")
    return raw.encode(), message_id
