# SPDX-License-Identifier: Apache-2.0
"""Replies through the outbox and the email plugin's deliver(), captured by a local SMTP
sink (aiosmtpd): threading headers, the ticket token, CRLF safety, 5xx handling, and the
customer's answer threading back to the ticket through our Message-ID."""
import email
import email.policy
import threading
import unittest

from aiosmtpd.controller import Controller

from daemon_harness import free_port, wait_until
from email_harness import EmailDaemon, message


class Sink:
    """Records every message; refuses recipients at refused.example."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 accepted"


class EmailOutboundTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = Sink()
        cls.sink_port = free_port()
        cls.controller = Controller(cls.sink, hostname="127.0.0.1", port=cls.sink_port)
        cls.controller.start()
        cls.d = EmailDaemon(
            extra_email=f"    outbound: {{ host: 127.0.0.1, port: {cls.sink_port} }}\n",
            extra="outbox: { poll_interval: 200ms, backoff_base: 100ms }\n")

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        cls.controller.stop()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def queue_reply(self, ticket_id, to, subject, metadata):
        message_id = self.d.query(
            "INSERT INTO messages (ticket_id, direction, author_kind, channel, subject, body, "
            f"delivery_status) VALUES ({ticket_id}, 'outbound', 'agent', 'email', "
            f"'{subject}', 'Please restart the router.', 'queued') RETURNING id")
        outbox_id = self.d.query(
            "INSERT INTO outbox (message_id, ticket_id, channel, to_kind, to_value, subject, body, "
            f"metadata) VALUES ({message_id}, {ticket_id}, 'email', 'email', '{to}', "
            f"'{subject}', 'Please restart the router.', '{metadata}') RETURNING id")
        return message_id, outbox_id

    def outbox_done(self, outbox_id):
        return wait_until(lambda: (lambda s: s if s in ("sent", "failed", "dead") else None)(
            self.d.query(f"SELECT status FROM outbox WHERE id = {outbox_id}")),
            timeout=30, what=f"outbox {outbox_id} to finish")

    def test_reply_threads_back_and_bounce_marks_it_failed(self):
        first, first_id = message(subject="Router broken", sender="Ann <ann@example.org>")
        self.assertEqual(self.d.send(first)[0], 250)
        ticket_id, number = self.d.query(
            f"SELECT t.id, t.number FROM messages m JOIN tickets t ON t.id = m.ticket_id "
            f"WHERE m.external_id = '{first_id}'").split("|")
        meta = f'{{"inReplyTo": "<{first_id}>", "references": ["<{first_id}>"], "autoSubmitted": false}}'
        message_id, outbox_id = self.queue_reply(ticket_id, "ann@example.org", "Re: Router broken", meta)
        self.assertEqual(self.outbox_done(outbox_id), "sent")

        with self.sink.lock:
            mail_from, rcpts, content = self.sink.messages[-1]
        self.assertEqual(mail_from, "support@example.com")
        self.assertEqual(rcpts, ["ann@example.org"])
        sent = email.message_from_bytes(content, policy=email.policy.default)
        self.assertEqual(sent["Subject"], f"Re: Router broken [{number}]")
        self.assertEqual(sent["From"], "support@example.com")
        self.assertEqual(sent["In-Reply-To"], f"<{first_id}>")
        self.assertEqual(sent["References"].split(), [f"<{first_id}>"])
        self.assertEqual(sent["X-Loop"], "support@example.com")
        self.assertIsNone(sent["Auto-Submitted"])
        self.assertEqual(sent.get_content().strip(), "Please restart the router.")
        our_id = sent["Message-ID"].strip("<>")
        self.assertEqual(self.d.query(f"SELECT provider_id FROM outbox WHERE id = {outbox_id}"), our_id)
        self.assertEqual(self.d.query(f"SELECT external_id, delivery_status FROM messages WHERE id = {message_id}"),
                         f"{our_id}|sent")

        # The customer answers our message only (no token, References = our id).
        answer, answer_id = message(subject="Re: your reply", sender="ann@example.org",
                                    headers=f"In-Reply-To: <{our_id}>\r\n")
        self.assertEqual(self.d.send(answer)[0], 250)
        self.assertEqual(self.d.ticket_of(answer_id), number)

        # A bounce for our message marks it failed and makes no ticket.
        tickets = self.d.query("SELECT count(*) FROM tickets")
        bounce = (
            "From: MAILER-DAEMON@mx.example.org\r\nTo: support@example.com\r\n"
            "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
            "--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
            "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            "Final-Recipient: rfc822; ann@example.org\r\nAction: failed\r\nStatus: 5.2.2\r\n"
            "Diagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n\r\n"
            "--b\r\nContent-Type: message/rfc822\r\n\r\n"
            f"From: support@example.com\r\nMessage-ID: <{our_id}>\r\nSubject: x\r\n\r\nbody\r\n--b--\r\n")
        code, text = self.d.send(bounce.encode(), sender="")
        self.assertEqual((code, text), (250, b"2.0.0 delivery report recorded"))
        self.assertEqual(self.d.query(f"SELECT delivery_status, delivery_error FROM messages WHERE id = {message_id}"),
                         "failed|552 5.2.2 mailbox full")
        self.assertEqual(self.d.query("SELECT count(*) FROM tickets"), tickets)

    def test_automatic_message_is_marked_auto_submitted(self):
        first, first_id = message(subject="Auto", sender="bob@example.org")
        self.assertEqual(self.d.send(first)[0], 250)
        ticket_id = self.d.query(f"SELECT ticket_id FROM messages WHERE external_id = '{first_id}'")
        _, outbox_id = self.queue_reply(ticket_id, "bob@example.org", "We got your message",
                                        '{"autoSubmitted": true}')
        self.assertEqual(self.outbox_done(outbox_id), "sent")
        with self.sink.lock:
            sent = [email.message_from_bytes(c, policy=email.policy.default)
                    for _, r, c in self.sink.messages if r == ["bob@example.org"]]
        self.assertEqual(sent[-1]["Auto-Submitted"], "auto-replied")

    def test_crlf_in_subject_and_refused_recipient_fail_permanently(self):
        first, first_id = message(subject="Injection", sender="carol@example.org")
        self.assertEqual(self.d.send(first)[0], 250)
        ticket_id = self.d.query(f"SELECT ticket_id FROM messages WHERE external_id = '{first_id}'")
        count = len(self.sink.messages)
        _, bad = self.queue_reply(ticket_id, "carol@example.org", "Hi' || E'\\r\\nBcc: x@evil.example' || '", "{}")
        self.assertEqual(self.outbox_done(bad), "failed")
        self.assertIn("CR or LF", self.d.query(f"SELECT last_error FROM outbox WHERE id = {bad}"))
        _, refused = self.queue_reply(ticket_id, "dave@refused.example", "Hello", "{}")
        self.assertEqual(self.outbox_done(refused), "failed")
        self.assertIn("550", self.d.query(f"SELECT last_error FROM outbox WHERE id = {refused}"))
        self.assertEqual(len(self.sink.messages), count, "nothing reached the sink")


if __name__ == "__main__":
    unittest.main()
