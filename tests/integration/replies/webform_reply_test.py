# SPDX-License-Identifier: Apache-2.0
"""Replies to web-form tickets go by email to the address the customer gave (DESIGN.md:
webform, surveys): an agent's reply through the API and a rule's acknowledgement reach a
local SMTP sink; without the email channel, or without an address, they are dead-lettered
with the reason instead of waiting forever on a channel that cannot send."""
import email
import email.policy
import os
import sys
import tempfile
import threading
import unittest

from aiosmtpd.controller import Controller

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))

from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402

ADMIN_TOKEN = "fdx_bootstrap_admin_for_replies_0123456789"
API = "/api/v1/support"


class Sink:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content,
                                                                                     policy=email.policy.default)))
        return "250 2.0.0 accepted"

    def to(self, address):
        with self.lock:
            return [m for rcpts, m in self.messages if address in rcpts]


def ack_rules(template='en:\n  subject: "We got your request"\n  body: |\n    Ticket {{ticket.number}} is open.\n'):
    """A rules folder with one rule: acknowledge every new ticket (with `template`)."""
    d = tempfile.mkdtemp(prefix="fd-replies-rules-")
    os.makedirs(os.path.join(d, "templates"))
    with open(os.path.join(d, "10-ack.yaml"), "w") as f:
        f.write("- name: acknowledge\n  on: ticket.created\n  then:\n    - reply: { template: ack }\n")
    with open(os.path.join(d, "templates", "ack.yaml"), "w") as f:
        f.write(template)
    return d


class Desk:
    """frontdeskd with the web form, the ack rule and, when `sink_port` is given, email."""

    def __init__(self, sink_port=None, rules_dir=None, webform="", extra=""):
        self.db = TestDatabase()
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        channels = f"  webform: {{ enabled: true, rate_limit_per_minute: 1000{webform} }}\n"
        if sink_port:
            channels += ("  email:\n    enabled: true\n    address: support@example.com\n"
                         f"    listen: 127.0.0.1:{free_port()}\n"
                         f"    outbound: {{ host: 127.0.0.1, port: {sink_port} }}\n")
        extra = (f"rules: {{ dir: {rules_dir or ack_rules()} }}\n"
                 "outbox: { poll_interval: 200ms, backoff_base: 100ms }\n" + extra)
        self.daemon = Daemon(config(port, self.db.conninfo, channels=channels, extra=extra),
                             env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
        self.daemon.start().wait_healthy(self.base)

    def stop(self):
        code = self.daemon.stop()
        self.db.drop()
        return code

    def q(self, sql):
        return self.db.query(sql)

    def submit(self, name, address, subject, language="en"):
        """A ticket through the web form, as a browser's script posts it."""
        r = http("POST", self.base + API + "/tickets",
                 f'{{"name": "{name}", "email": "{address}", "subject": "{subject}", "description": "Hello"}}',
                 {"Content-Type": "application/json", "Accept-Language": language})
        assert r.status == 201, r.body
        return self.q(f"SELECT id || '|' || number || '|' || channel FROM tickets WHERE subject = '{subject}'").split("|")

    def reply(self, ticket_id, text):
        r = http("POST", f"{self.base}{API}/tickets/{ticket_id}/messages", f'{{"message": "{text}"}}',
                 {"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN})
        assert r.status == 201, r.body
        return r.json()["message"]["id"]

    def outbox(self, message_id):
        return self.q(f"SELECT channel || '|' || to_kind || '|' || to_value || '|' || status || '|' || "
                      f"coalesce(last_error, '') FROM outbox WHERE message_id = {message_id}")

    def message(self, message_id):
        return self.q(f"SELECT channel || '|' || delivery_status || '|' || coalesce(delivery_error, '') "
                      f"FROM messages WHERE id = {message_id}")


class WebformRepliesByEmailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = Sink()
        port = free_port()
        cls.controller = Controller(cls.sink, hostname="127.0.0.1", port=port)
        cls.controller.start()
        cls.desk = Desk(sink_port=port)

    @classmethod
    def tearDownClass(cls):
        code = cls.desk.stop()
        cls.controller.stop()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_agent_reply_and_acknowledgement_reach_the_customer_by_email(self):
        ticket_id, number, channel = self.desk.submit("Wendy", "wendy@example.org", "Form question")
        self.assertEqual(channel, "webform")
        ack = wait_until(lambda: [m for m in self.sink.to("wendy@example.org")
                                  if m["Subject"].startswith("We got your request")], 30, "the acknowledgement")
        self.assertEqual(ack[0]["Subject"], f"We got your request [{number}]")
        self.assertIn(f"Ticket {number} is open.", ack[0].get_content())

        message_id = self.desk.reply(ticket_id, "We are on it")
        wait_until(lambda: self.desk.outbox(message_id).endswith("|sent|"), 30, "the reply to be sent")
        self.assertEqual(self.desk.outbox(message_id), "email|email|wendy@example.org|sent|")
        replies = [m for m in self.sink.to("wendy@example.org") if m["Subject"].startswith("Re:")]
        self.assertEqual(len(replies), 1)
        self.assertEqual(replies[0]["Subject"], f"Re: Form question [{number}]")
        self.assertEqual(replies[0]["From"], "support@example.com")
        self.assertIsNone(replies[0]["In-Reply-To"], "the web form's submission id is no Message-ID")
        self.assertIn("We are on it", replies[0].get_content())
        self.assertEqual(self.desk.message(message_id), "email|sent|")
        self.assertEqual(self.desk.q(f"SELECT count(*) FROM outbox WHERE ticket_id = {ticket_id} "
                                     "AND channel = 'webform'"), "0")

    def test_no_email_address_is_dead_lettered_with_the_reason(self):
        ticket_id, _, _ = self.desk.submit("Nora", "nora@example.org", "Address gone")
        self.desk.q("DELETE FROM customer_identities WHERE value = 'nora@example.org'")
        message_id = self.desk.reply(ticket_id, "Hello?")
        reason = "the customer gave no email address on the web form"
        self.assertEqual(self.desk.outbox(message_id), f"email|email||dead|{reason}")
        self.assertEqual(self.desk.message(message_id), f"email|failed|{reason}")


class WebformRepliesWithoutEmailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.desk = Desk()

    @classmethod
    def tearDownClass(cls):
        code = cls.desk.stop()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_replies_and_acks_are_dead_lettered_when_email_is_off(self):
        reason = "web-form tickets are answered by email, and the email channel is not enabled"
        ticket_id, _, _ = self.desk.submit("Otto", "otto@example.org", "No email here")
        # The web form's confirmation and the rule's acknowledgement.
        acks = wait_until(lambda: (rows := self.desk.q(f"SELECT channel || '|' || status || '|' || last_error "
                                                       f"FROM outbox WHERE ticket_id = {ticket_id}")).count("\n") == 1
                          and rows, 30, "the confirmation and the acknowledgement")
        self.assertEqual(acks.split("\n"), [f"email|dead|{reason}"] * 2)
        message_id = self.desk.reply(ticket_id, "We are on it")
        self.assertEqual(self.desk.outbox(message_id), f"email|email|otto@example.org|dead|{reason}")
        self.assertEqual(self.desk.message(message_id), f"email|failed|{reason}")
        self.assertEqual(self.desk.q("SELECT count(*) FROM outbox WHERE status = 'pending'"), "0")


if __name__ == "__main__":
    unittest.main()
