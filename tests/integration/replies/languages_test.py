# SPDX-License-Identifier: Apache-2.0
"""Languages (issue 20, issue 16): every message a customer writes gets a language (the
channel's hint, else what CLD2 detects reliably), a ticket takes its first message's language,
else its customer's, else languages.default, and a rule's reply is written along the one
fallback chain: the ticket's language, languages.default, en. Real frontdeskd, web form and
API, real PostgreSQL, a local SMTP sink."""
import json
import unittest

from webform_confirmation_test import WithSink
from webform_reply_test import ADMIN_TOKEN, API, ack_rules, http, wait_until

SPANISH = "No puedo entrar en mi cuenta desde ayer por la tarde. ¿Me pueden ayudar, por favor?"
TURKISH = "Dün verdiğim sipariş hâlâ kargoya verilmedi. Ne zaman gönderilecek, yardımcı olur musunuz?"
ENGLISH = "I cannot log in to my account since yesterday afternoon. Could you help me, please?"


ACK = ('en: {subject: "We got your request", body: "Ticket {{ticket.number}} is open."}\n'
       'es: {subject: "Hemos recibido su solicitud", body: "El ticket {{ticket.number}} está abierto."}\n'
       'tr: {subject: "Talebinizi aldık", body: "{{ticket.number}} numaralı talep açıldı."}\n')


def inbound_languages(ticket):
    """The languages of the customer's messages (the acknowledgement may be there already)."""
    return [m["language"] for m in ticket["messages"] if m["direction"] == "inbound"]


class SpanishDefaultTest(WithSink):
    """An installation whose languages.default is es; the web form's own confirmation is off,
    so the one mail a new ticket gets is the rule's acknowledgement (in en, es and tr)."""
    webform = ", confirmation: false"
    extra = "languages: { default: es, offered: [en, es, tr] }\n"

    @classmethod
    def rules_dir(cls):
        return ack_rules(ACK)

    def submit(self, address, subject, description, accept_language=None):
        """A ticket through the web form; no Accept-Language unless given (a script's post)."""
        headers = {"Content-Type": "application/json"}
        if accept_language:
            headers["Accept-Language"] = accept_language
        body = json.dumps({"name": "Pat", "email": address, "subject": subject, "description": description})
        r = http("POST", self.desk.base + API + "/tickets", body, headers)
        self.assertEqual(r.status, 201, r.body)
        return self.ticket(json.loads(r.body)["ticket"]["id"])

    def ticket(self, ticket_id):
        r = http("GET", f"{self.desk.base}{API}/tickets/{ticket_id}", None, {"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual(r.status, 200, r.body)
        return json.loads(r.body)["ticket"]

    def ack_to(self, address):
        return self.mail_to(address)[0]

    def customer_language(self, address):
        return self.desk.q("SELECT c.language FROM customers c JOIN customer_identities i ON i.customer_id = c.id "
                           f"WHERE i.value = '{address}'")

    def test_spanish_turkish_and_english_are_detected_and_answered_in_kind(self):
        for address, text, language, subject in [
                ("sol@example.org", SPANISH, "es", "Hemos recibido su solicitud"),
                ("tarik@example.org", TURKISH, "tr", "Talebinizi aldık"),
                ("emma@example.org", ENGLISH, "en", "We got your request")]:
            with self.subTest(language=language):
                ticket = self.submit(address, "Help", text)
                self.assertEqual(ticket["language"], language)
                self.assertEqual(inbound_languages(ticket), [language])
                self.assertEqual(self.customer_language(address), language)
                self.assertEqual(self.ack_to(address)["Subject"], f"{subject} [{ticket['ticketNumber']}]")

    def test_undetectable_text_takes_languages_default_and_its_reply_is_spanish(self):
        ticket = self.submit("num@example.org", "12345", "67890")
        self.assertEqual(ticket["language"], "es")
        self.assertEqual(inbound_languages(ticket), [None], "nothing was found in the text")
        self.assertEqual(self.customer_language("num@example.org"), "es")
        mail = self.ack_to("num@example.org")
        self.assertEqual(mail["Subject"], f"Hemos recibido su solicitud [{ticket['ticketNumber']}]")
        self.assertIn(f"El ticket {ticket['ticketNumber']} está abierto.", mail.get_content())

    def test_a_known_customers_language_comes_before_the_default(self):
        first = self.submit("kaan@example.org", "Sipariş", TURKISH)
        self.assertEqual(first["language"], "tr")
        again = self.submit("kaan@example.org", "12345", "ok")
        self.assertEqual(again["language"], "tr")
        self.assertEqual(inbound_languages(again), [None])
        wait_until(lambda: len(self.sink.to("kaan@example.org")) == 2, 30, "both acknowledgements")
        self.assertEqual(sorted(m["Subject"] for m in self.sink.to("kaan@example.org")),
                         sorted(f"Talebinizi aldık [{t['ticketNumber']}]" for t in (first, again)))

    def test_the_channels_hint_comes_before_detection_and_falls_back_to_the_default(self):
        ticket = self.submit("dirk@example.org", "Help", ENGLISH, accept_language="de-DE,de;q=0.9,en;q=0.5")
        self.assertEqual(ticket["language"], "de-DE")
        # No German acknowledgement: de-DE, de, then languages.default.
        self.assertEqual(self.ack_to("dirk@example.org")["Subject"],
                         f"Hemos recibido su solicitud [{ticket['ticketNumber']}]")

    def test_a_ticket_an_agent_opens_through_the_api_is_detected_too(self):
        body = json.dumps({"email": "ayse@example.org", "subject": "Kargo", "description": TURKISH})
        r = http("POST", self.desk.base + API + "/tickets", body,
                 {"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual(r.status, 201, r.body)
        ticket = self.ticket(json.loads(r.body)["ticket"]["id"])
        self.assertEqual(ticket["channel"], "api")
        self.assertEqual(ticket["language"], "tr")
        self.assertEqual(inbound_languages(ticket), ["tr"])


if __name__ == "__main__":
    unittest.main()
