# SPDX-License-Identifier: Apache-2.0
"""Mail loops are broken where automatic messages are queued, whoever wrote the rule: an
admin's own `on: ticket.created → reply` answers a person, never a mailing list, a mail
daemon or an autoresponder. Agents' replies carry the whole References chain."""
import json
import os
import tempfile
import unittest

from daemon_harness import http, wait_until
from email_harness import EmailDaemon, message

ADMIN = "fdx_" + "l" * 43

RULES = """- name: answer every mail
  on: ticket.created
  if: { field: ticket.channel, eq: email }
  then: [ { reply: { template: hello } } ]
"""

TEMPLATE = """en:
  subject: "We have your message"
  body: "Thanks, we will answer {{ticket.number}} soon."
"""


class MailLoopTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = tempfile.mkdtemp(prefix="frontdesk-loop-")
        os.makedirs(os.path.join(cls.rules, "templates"))
        with open(os.path.join(cls.rules, "answer.yaml"), "w") as f:
            f.write(RULES)
        with open(os.path.join(cls.rules, "templates", "hello.yaml"), "w") as f:
            f.write(TEMPLATE)
        cls.d = EmailDaemon(extra=f"rules: {{ dir: {cls.rules} }}\n", env={"FRONTDESK_ADMIN_TOKEN": ADMIN})

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    def handled(self, message_id):
        """The ticket the mail made, once the rules have handled all its events."""
        ticket = wait_until(lambda: self.d.query(
            f"SELECT ticket_id FROM messages WHERE channel = 'email' AND external_id = '{message_id}'"),
            30, "the mail's ticket")
        wait_until(lambda: self.d.query(
            f"SELECT count(*) FILTER (WHERE rules_pending) = 0 FROM audit_events WHERE ticket_id = {ticket}") == "t",
            30, "the rules to run")
        return ticket

    def replies(self, ticket):
        return int(self.d.query(f"SELECT count(*) FROM outbox WHERE ticket_id = {ticket}"))

    def test_a_person_is_answered_and_automatic_mail_is_not(self):
        person, person_id = message(subject="Printer", sender="pat@example.org")
        self.assertEqual(self.d.send(person, sender="pat@example.org")[0], 250)
        ticket = self.handled(person_id)
        self.assertEqual(self.replies(ticket), 1, "the positive control: a person gets the rule's reply")
        self.assertEqual(self.d.query(f"SELECT metadata ->> 'autoSubmitted' FROM outbox WHERE ticket_id = {ticket}"),
                         "true")

        automatic = {
            "mailing list": ("list@example.org", "List-Id: <news.example.org>\r\n"),
            "bulk": ("offers@example.org", "Precedence: bulk\r\n"),
            "vacation": ("away@example.org", "Auto-Submitted: auto-replied\r\n"),
            "mail daemon": ("mailer-daemon@example.org", ""),
        }
        for what, (sender, headers) in automatic.items():
            with self.subTest(sender=what):
                raw, message_id = message(subject=f"Re: {what}", sender=sender, headers=headers)
                self.assertEqual(self.d.send(raw, sender=sender)[0], 250)
                ticket = self.handled(message_id)
                self.assertEqual(self.replies(ticket), 0)
                self.assertEqual(self.d.query(
                    f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket} AND event = 'message.suppressed'"), "1")

    def test_an_agents_reply_carries_the_whole_references_chain(self):
        first, first_id = message(subject="Chain", sender="chris@example.org")
        self.assertEqual(self.d.send(first, sender="chris@example.org")[0], 250)
        ticket = self.handled(first_id)
        number = self.d.query(f"SELECT number FROM tickets WHERE id = {ticket}")
        second, second_id = message(subject=f"Re: Chain [{number}]", sender="chris@example.org",
                                    headers=f"In-Reply-To: <{first_id}>\r\nReferences: <{first_id}>\r\n")
        self.assertEqual(self.d.send(second, sender="chris@example.org")[0], 250)
        self.handled(second_id)
        r = http("POST", f"{self.d.base}/api/v1/support/tickets/{ticket}/messages",
                 json.dumps({"message": "Try this."}),
                 {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        meta = json.loads(self.d.query(
            f"SELECT metadata::text FROM outbox WHERE ticket_id = {ticket} AND metadata ->> 'authorKind' = 'admin'"))
        self.assertEqual(meta["inReplyTo"], second_id)
        self.assertEqual([r.strip("<>") for r in meta["references"]], [first_id, second_id])
        self.assertEqual(meta["autoSubmitted"], False)


if __name__ == "__main__":
    unittest.main()
