# SPDX-License-Identifier: Apache-2.0
"""Inbound mail through the real listener: decoding, threading, redelivery, loop protection,
bounces and SMTP errors, checked in the database."""
import json
import smtplib
import socket
import subprocess
import tempfile
import unittest
import uuid

from email_harness import ADDRESS, EmailDaemon, fixture, message


class EmailInboundTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = EmailDaemon()

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_latin1_message_is_decoded_into_a_ticket(self):
        code, text = self.d.send(fixture("written/latin1_qp.eml"))
        self.assertEqual(code, 250, text)
        self.assertRegex(text.decode(), r"queued as TKT-\d+-\d{6}")
        row = self.d.query(
            "SELECT t.subject, m.body, c.name, ci.value FROM messages m "
            "JOIN tickets t ON t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id "
            "JOIN customer_identities ci ON ci.customer_id = c.id "
            "WHERE m.external_id = 'latin1-qp@example.de'")
        subject, body, name, identity = row.split("|")
        self.assertEqual(subject, "Gerät defekt")
        self.assertEqual(body, "Grüße aus München, das Gerät ist kaputt. Preis: 20 EUR?")
        self.assertEqual(name, "Jürgen Müller")
        self.assertEqual(identity, "juergen@example.de")
        raw = self.d.query(
            "SELECT a.content_type, a.size FROM attachments a JOIN messages m ON m.id = a.message_id "
            "WHERE m.external_id = 'latin1-qp@example.de' AND a.filename = 'original.eml'")
        self.assertEqual(raw, f"message/rfc822|{len(fixture('written/latin1_qp.eml'))}")

    def test_swaks_with_attachment(self):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(b"%PDF-1.4 swaks attachment")
            f.flush()
            mid = f"swaks-{uuid.uuid4().hex}@example.org"
            out = subprocess.run(
                ["swaks", "--server", "127.0.0.1", "--port", str(self.d.smtp_port),
                 "--from", "swaks@example.org", "--to", ADDRESS, "--pipeline",
                 "--header", "Subject: Invoice from swaks", "--header", f"Message-Id: <{mid}>",
                 "--body", "See the attached invoice.", "--attach-type", "application/pdf",
                 "--attach-name", "invoice.pdf", "--attach", "@" + f.name],
                capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertRegex(out.stdout, r"<-\s+250 2\.0\.0 queued as TKT-")
        body = self.d.query(f"SELECT body FROM messages WHERE external_id = '{mid}'")
        self.assertEqual(body, "See the attached invoice.")
        files = self.d.query(
            "SELECT a.filename, a.content_type, convert_from(a.content, 'UTF8') FROM attachments a "
            f"JOIN messages m ON m.id = a.message_id WHERE m.external_id = '{mid}' "
            "AND a.filename <> 'original.eml'")
        self.assertEqual(files, "invoice.pdf|application/pdf|%PDF-1.4 swaks attachment")

    def test_threading_by_token_and_by_references(self):
        first, first_id = message(subject="My router is broken")
        code, text = self.d.send(first)
        self.assertEqual(code, 250, text)
        number = self.d.ticket_of(first_id)
        self.assertRegex(number, r"^TKT-\d+-\d{6}$")

        by_token, token_id = message(subject=f"Re: [{number}] still broken", body="Any news?")
        self.assertEqual(self.d.send(by_token)[0], 250)
        self.assertEqual(self.d.ticket_of(token_id), number)

        by_refs, refs_id = message(subject="Re: My router is broken", body="Hello?",
                                   headers=f"In-Reply-To: <{first_id}>\r\nReferences: <{first_id}>\r\n")
        self.assertEqual(self.d.send(by_refs)[0], 250)
        self.assertEqual(self.d.ticket_of(refs_id), number)

        # Someone else naming the ticket does not get in: a new ticket for them.
        stranger, stranger_id = message(subject=f"Re: [{number}]", sender="mallory@example.net")
        self.assertEqual(self.d.send(stranger)[0], 250)
        self.assertNotEqual(self.d.ticket_of(stranger_id), number)

    def test_reply_on_resolved_ticket_reopens_it(self):
        first, first_id = message(subject="Refund please")
        self.assertEqual(self.d.send(first)[0], 250)
        number = self.d.ticket_of(first_id)
        self.d.query(f"UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE number = '{number}'")
        reply, reply_id = message(subject=f"Re: Refund please [{number}]", body="Not fixed")
        self.assertEqual(self.d.send(reply)[0], 250)
        self.assertEqual(self.d.ticket_of(reply_id), number)
        self.assertEqual(self.d.query(f"SELECT status FROM tickets WHERE number = '{number}'"), "reopened")

    def test_redelivery_stores_one_message(self):
        raw, mid = message(subject="Sent twice")
        code1, text1 = self.d.send(raw)
        code2, text2 = self.d.send(raw)
        self.assertEqual((code1, code2), (250, 250), (text1, text2))
        self.assertEqual(text2, b"2.0.0 already received")
        self.assertEqual(self.d.query(f"SELECT count(*) FROM messages WHERE external_id = '{mid}'"), "1")

    def test_message_without_id_is_deduplicated_by_content(self):
        raw = b"From: noid@example.org\r\nTo: support@example.com\r\nSubject: no id\r\n\r\nsame\r\n"
        self.assertEqual(self.d.send(raw)[0], 250)
        self.assertEqual(self.d.send(raw)[1], b"2.0.0 already received")

    def test_auto_replies_and_list_mail_are_tagged(self):
        self.assertEqual(self.d.send(fixture("written/auto_reply.eml"))[0], 250)
        self.assertEqual(self.d.send(fixture("written/bulk_list.eml"))[0], 250)
        tags = self.d.query("SELECT t.tags FROM tickets t JOIN messages m ON m.ticket_id = t.id "
                            "WHERE m.external_id = 'ooo-1@example.com'")
        self.assertIn("auto-reply", tags)
        meta = json.loads(self.d.query("SELECT metadata FROM messages WHERE external_id = 'ooo-1@example.com'"))
        self.assertTrue(meta["noAutoReply"])
        self.assertEqual(meta["autoSubmitted"], "auto-replied")
        tags = self.d.query("SELECT t.tags FROM tickets t JOIN messages m ON m.ticket_id = t.id "
                            "WHERE m.external_id = 'news-1@lists.example.com'")
        self.assertIn("bulk", tags)

    def test_bounce_marks_our_outbound_message_failed(self):
        first, first_id = message(subject="Bounce target")
        self.assertEqual(self.d.send(first)[0], 250)
        ticket = self.d.query(f"SELECT ticket_id FROM messages WHERE external_id = '{first_id}'")
        self.d.query("INSERT INTO messages (ticket_id, direction, author_kind, channel, external_id, "
                     "body, delivery_status) VALUES "
                     f"({ticket}, 'outbound', 'agent', 'email', 'fd.7.deadbeef@example.com', 'hi', 'sent')")
        tickets_before = self.d.query("SELECT count(*) FROM tickets")
        code, text = self.d.send(fixture("written/bounce_dsn.eml"), sender="")
        self.assertEqual(code, 250, text)
        self.assertEqual(
            self.d.query("SELECT delivery_status, delivery_error FROM messages "
                         "WHERE external_id = 'fd.7.deadbeef@example.com'"),
            "failed|550 5.1.1 <nobody@example.net>: Recipient address rejected")
        self.assertEqual(self.d.query("SELECT count(*) FROM tickets"), tickets_before)

    def test_unknown_recipient_and_oversize_are_refused(self):
        raw, _ = message()
        code, _ = self.d.send(raw, recipients=("someone-else@example.com",))
        self.assertEqual(code, 550)
        big, big_id = message(body="\r\n".join(["x" * 998] * 2100))
        with self.d.smtp() as s:
            s.ehlo("c")
            with self.assertRaises(smtplib.SMTPSenderRefused) as refused:
                s.sendmail("a@example.org", [ADDRESS], big)
            self.assertEqual(refused.exception.smtp_code, 552)
            code, _ = s.noop()
            self.assertEqual(code, 250)
        # Without SIZE in MAIL FROM the limit applies at the end of DATA.
        with self.d.smtp() as s:
            s.helo("c")
            s.mail("a@example.org")
            s.rcpt(ADDRESS)
            code, _ = s.data(big)
            self.assertEqual(code, 552)
        self.assertEqual(self.d.query(f"SELECT count(*) FROM messages WHERE external_id = '{big_id}'"), "0")

    def test_protocol_errors(self):
        with self.d.smtp() as s:
            self.assertEqual(s.docmd("MAIL FROM:<a@example.org>")[0], 503)
            s.ehlo("c")
            self.assertIn("pipelining", s.esmtp_features)
            self.assertIn("8bitmime", s.esmtp_features)
            self.assertEqual(s.esmtp_features["size"], "1048576")
            self.assertEqual(s.docmd("VRFY", "ann")[0], 252)
            self.assertEqual(s.docmd("BOGUS")[0], 500)
            self.assertEqual(s.docmd("DATA")[0], 503)


class LmtpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = EmailDaemon(protocol="lmtp", extra_email="    aliases: [help@example.com]\n")

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def test_lmtp_answers_per_recipient_after_commit(self):
        raw, mid = message(subject="Via LMTP")
        with socket.create_connection(("127.0.0.1", self.d.smtp_port), timeout=30) as sock:
            f = sock.makefile("rb")

            def reply():
                lines = []
                while True:
                    line = f.readline().decode().rstrip("\r\n")
                    lines.append(line)
                    if len(line) < 4 or line[3] != "-":
                        return lines

            self.assertTrue(reply()[0].startswith("220"))
            sock.sendall(b"LHLO client\r\n")
            self.assertTrue(reply()[-1].startswith("250"))
            sock.sendall(b"MAIL FROM:<a@example.org>\r\nRCPT TO:<support@example.com>\r\n"
                         b"RCPT TO:<help@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n")
            codes = [reply()[0][:3] for _ in range(5)]
            self.assertEqual(codes, ["250", "250", "250", "550", "354"])
            sock.sendall(raw + b".\r\n")
            first, second = reply()[0], reply()[0]
            self.assertRegex(first, r"^250 2\.0\.0 queued as TKT-")
            self.assertEqual(first, second)
            sock.sendall(b"QUIT\r\n")
            self.assertTrue(reply()[0].startswith("221"))
        self.assertEqual(self.d.query(f"SELECT count(*) FROM messages WHERE external_id = '{mid}'"), "1")

if __name__ == "__main__":
    unittest.main()
