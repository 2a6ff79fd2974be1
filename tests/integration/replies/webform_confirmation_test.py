# SPDX-License-Identifier: Apache-2.0
"""The web form's confirmation mail belongs to the channel (DESIGN.md: webform): it is sent
whatever the rules folder holds, in the customer's language, with the admin's own template
when the folder has one, and not at all with `channels.webform.confirmation: false`."""
import os
import tempfile
import unittest

from aiosmtpd.controller import Controller

from webform_reply_test import Desk, Sink, free_port, wait_until


def rules_folder(confirmation_template=None):
    """A rules folder without a single rule, as an admin who replaced the shipped ones has."""
    d = tempfile.mkdtemp(prefix="fd-confirmation-rules-")
    os.makedirs(os.path.join(d, "templates"))
    if confirmation_template:
        with open(os.path.join(d, "templates", "webform_confirmation.yaml"), "w") as f:
            f.write(confirmation_template)
    return d


class WithSink(unittest.TestCase):
    rules = None
    webform = ""
    extra = ""  # more configuration

    @classmethod
    def rules_dir(cls):
        return rules_folder(cls.rules)

    @classmethod
    def setUpClass(cls):
        cls.sink = Sink()
        port = free_port()
        cls.controller = Controller(cls.sink, hostname="127.0.0.1", port=port)
        cls.controller.start()
        cls.desk = Desk(sink_port=port, rules_dir=cls.rules_dir(), webform=cls.webform, extra=cls.extra)

    @classmethod
    def tearDownClass(cls):
        code = cls.desk.stop()
        cls.controller.stop()
        assert code == 0, "frontdeskd did not exit 0 on SIGTERM"

    def mail_to(self, address):
        return wait_until(lambda: self.sink.to(address) or None, 30, f"mail to {address}")


class ConfirmationWithoutRulesTest(WithSink):
    def test_sent_with_no_rules_at_all(self):
        ticket_id, number, _ = self.desk.submit("Cora", "cora@example.org", "Where is my order")
        mail = self.mail_to("cora@example.org")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail[0]["Subject"], f"We received your request [{number}]")
        self.assertIn(f"Your request is ticket {number}", mail[0].get_content())
        self.assertIn("Hi Cora,", mail[0].get_content())
        self.assertEqual(mail[0]["Auto-Submitted"], "auto-replied")
        # Through the ticket domain like any automatic reply, recorded as the channel's rule.
        self.assertEqual(self.desk.q(f"SELECT actor_kind || '|' || rule || '|' || (data ->> 'template') "
                                     f"FROM audit_events WHERE ticket_id = {ticket_id} AND event = 'message.sent'"),
                         "rule|webform: confirmation|webform_confirmation")

    def test_in_the_customers_language(self):
        _, number, _ = self.desk.submit("Elif", "elif@example.org", "Siparis", language="tr-TR,tr;q=0.9")
        self.assertEqual(self.mail_to("elif@example.org")[0]["Subject"], f"Talebinizi aldık [{number}]")
        _, number, _ = self.desk.submit("Ana", "ana@example.org", "Pedido", language="es")
        mail = self.mail_to("ana@example.org")[0]
        self.assertEqual(mail["Subject"], f"Hemos recibido su solicitud [{number}]")
        self.assertIn(f"Su solicitud es el ticket {number}", mail.get_content())


class ConfirmationTemplateOverriddenTest(WithSink):
    rules = 'en:\n  subject: "Thanks from Acme"\n  body: |\n    Acme has ticket {{ticket.number}} for you.\n'

    def test_the_folders_template_wins(self):
        _, number, _ = self.desk.submit("Olga", "olga@example.org", "Broken part")
        mail = self.mail_to("olga@example.org")[0]
        self.assertEqual(mail["Subject"], f"Thanks from Acme [{number}]")
        self.assertIn(f"Acme has ticket {number} for you.", mail.get_content())


class ConfirmationSwitchedOffTest(WithSink):
    webform = ", confirmation: false"

    def test_nothing_is_sent(self):
        ticket_id, _, _ = self.desk.submit("Nils", "nils@example.org", "No mail please")
        # Once the rules have taken the ticket's creation, nothing more will be queued for it.
        wait_until(lambda: self.desk.q(f"SELECT count(*) FROM audit_events WHERE ticket_id = {ticket_id} "
                                       "AND event = 'ticket.created' AND rules_pending IS NULL") == "1",
                   30, "the rules to take ticket.created")
        self.assertEqual(self.desk.q(f"SELECT count(*) FROM outbox WHERE ticket_id = {ticket_id}"), "0")
        self.assertEqual(self.sink.to("nils@example.org"), [])


if __name__ == "__main__":
    unittest.main()
