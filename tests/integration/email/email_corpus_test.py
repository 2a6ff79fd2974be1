# SPDX-License-Identifier: Apache-2.0
"""Every message of the mail corpus (CPython's email test data and our own) through the
real listener: each is accepted or refused with a clean SMTP answer, and what is accepted
is in the database with its decoded subject and text."""
import os
import unittest

from email_harness import FIXTURES, EmailDaemon, fixture


class EmailCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = EmailDaemon()

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0, "frontdeskd did not exit 0 on SIGTERM"

    def test_every_corpus_message_is_answered_cleanly(self):
        names = sorted(f"cpython/{n}" for n in os.listdir(os.path.join(FIXTURES, "cpython")))
        names += sorted(f"written/{n}" for n in os.listdir(os.path.join(FIXTURES, "written")))
        self.assertGreater(len(names), 55)
        answers = {}
        for name in names:
            code, text = self.d.send(fixture(name), sender="")
            answers[name] = (code, text.decode(errors="replace"))
            self.assertTrue(code == 250 or 500 <= code < 600, f"{name}: {code} {text}")
        queued = [n for n, (code, text) in answers.items() if "queued as" in text]
        again = [n for n, (code, text) in answers.items() if "already received" in text]
        reports = [n for n, (code, text) in answers.items() if "delivery report" in text]
        # Everything in the corpus is stored, or is a delivery report (which updates the
        # message it names instead of making a ticket).
        self.assertEqual(len(queued) + len(again) + len(reports), len(names), answers)
        self.assertIn("written/bounce_dsn.eml", reports)
        self.assertEqual(answers["written/bounce_dsn.eml"], (250, "2.0.0 delivery report recorded"))
        stored = int(self.d.query("SELECT count(*) FROM messages WHERE direction = 'inbound'"))
        self.assertEqual(stored, len(queued))
        # Every stored message keeps its raw form.
        self.assertEqual(self.d.query(
            "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM attachments a "
            "WHERE a.message_id = m.id AND a.filename = 'original.eml')"), "0")

        def row(message_id, columns="m.subject, m.body"):
            return self.d.query(f"SELECT {columns} FROM messages m WHERE m.external_id = '{message_id}'")

        self.assertEqual(row("iso2022jp@example.jp"),
                         "注文の確認について|お世話になっております。\n注文番号を確認してください。")
        self.assertEqual(row("cp1252@example.ie"),
                         "“Invoice” – 30 €|Hello, the invoice says “30 €” – but I paid already.")
        self.assertEqual(row("utf8-b64@example.ru"),
                         "Proéblem — вход now|Здравствуйте! Не могу войти в аккаунт. 🙁")
        self.assertEqual(row("html-only@example.net", "m.body"),
                         "Hello team,\n\nMy order & my invoice:\n\n- Order 42\n- Invoice №7 €\n\n"
                         "See my order (https://example.net/orders/42).")
        self.assertEqual(row("malformed-1@example.com", "m.subject, m.body"),
                         "Broken ÿ mail|The text part survives.")
        self.assertIn("multipart without its closing boundary",
                      row("malformed-1@example.com", "m.metadata->>'defects'"))
        self.assertEqual(
            self.d.query("SELECT a.filename, a.content_type, coalesce(a.content_id, '') "
                         "FROM attachments a JOIN messages m ON m.id = a.message_id "
                         "WHERE m.external_id IN ('inline-img@example.org', 'attach-2231@example.com') "
                         "AND a.filename <> 'original.eml' ORDER BY a.filename"),
            "Quittung März.pdf|application/pdf|\ninline1.png|image/png|shot1@example.org")
        self.assertEqual(row("15090.61304.110929.45684@aaa.zzz.org", "m.subject"),
                         "This is a test message")


if __name__ == "__main__":
    unittest.main()
