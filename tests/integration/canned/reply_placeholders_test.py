# SPDX-License-Identifier: Apache-2.0
"""Placeholders in agents' replies over real HTTP: preview-reply (text, canned response, the
locale fallback chain, the SLA due time in the reader's language), sending (rendered; an
unresolved placeholder is 422 and stores nothing; a canned response sent by id) and the usage
windows it feeds."""
import datetime
import unittest

from canned_client import ADMIN_TOKEN, Desk
from daemon_harness import wait_until

MONTHS = {"en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
          "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]}


class ReplyPlaceholders(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Desk()
        cls.ann, cls.ann_token = cls.api.agent("Ann Agent")
        cls.bob, cls.bob_token = cls.api.agent("Bob Agent")
        cls.customer_id, cls.customer_token = cls.api.customer("ada@example.com")
        cls.api.db.query(f"UPDATE customers SET name = 'Ada Lovelace' WHERE id = {cls.customer_id}")
        cls.greeting = cls.api.canned(ADMIN_TOKEN, "greeting", {
            "en": "Hello {{customer.first_name}}, about {{ticket.number}}.",
            "es": "Hola {{customer.first_name}}, sobre {{ticket.number}}.",
            "pt-BR": "Olá {{customer.first_name}}."}, scope="global")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def ticket(self, language="en"):
        t = self.api.ticket(self.customer_token, subject="Card declined")
        self.api.call("PUT", f"/tickets/{t['id']}/assign", {"agentId": self.ann["id"]}, expect=200)
        self.api.db.query(f"UPDATE tickets SET language = '{language}' WHERE id = {t['id']}")
        return t

    def preview(self, ticket, token=None, expect=200, **body):
        return self.api.call("POST", f"/tickets/{ticket['id']}/preview-reply", body, token=token or self.ann_token,
                             expect=expect)

    def stored(self):
        return self.api.db.query("SELECT count(*) || '/' || coalesce(max(id), 0) FROM messages") + \
            self.api.canned_state()

    def test_preview_fills_in_text(self):
        t = self.ticket()
        p = self.preview(t, text="Hi {{customer.first_name}} ({{customer.name}}, {{customer.email}}): "
                                 "{{ ticket.number }} '{{ticket.subject}}' from {{agent.name}}")
        self.assertEqual(p["text"], f"Hi Ada (Ada Lovelace, ada@example.com): {t['ticketNumber']} "
                                    "'Card declined' from Ann Agent")
        self.assertEqual(p["unresolved"], [])

    def test_preview_lists_what_is_unresolved_and_defaults_cover_missing_values(self):
        t = self.ticket()
        p = self.preview(t, text="Dear {{customer.nickname}}, {{customer.nickname | default: 'x'}} {{ticket.number}}")
        self.assertEqual(p["unresolved"], ["customer.nickname"])  # unknown: a default does not help
        self.assertEqual(p["text"], f"Dear {{{{customer.nickname}}}}, {{{{customer.nickname | default: 'x'}}}} "
                                    f"{t['ticketNumber']}")
        # The bootstrap admin is no agent: agent.name has no value, and a default covers it.
        p = self.preview(t, token=ADMIN_TOKEN, text="From {{agent.name}}")
        self.assertEqual((p["text"], p["unresolved"]), ("From {{agent.name}}", ["agent.name"]))
        p = self.preview(t, token=ADMIN_TOKEN, text='From {{agent.name | default: "the team"}}')
        self.assertEqual((p["text"], p["unresolved"]), ("From the team", []))

    def test_preview_refuses_bad_requests(self):
        t = self.ticket()
        r = self.preview(t, expect=422, text="Hi {{customer.first_name")
        self.assertEqual(r["error"]["message"], "text: 1:4: unclosed '{{' (expected '}}' after 'customer.first_name')")
        self.preview(t, expect=422, text="x", cannedResponseId=self.greeting["id"])
        self.preview(t, expect=422)
        self.preview(t, expect=422, text="x", locale="not a locale")
        self.preview(t, expect=422, cannedResponseId=999999)
        self.preview(t, token=self.customer_token, expect=403, text="x")
        self.api.call("POST", "/tickets/999999/preview-reply", {"text": "x"}, token=self.ann_token, expect=404)

    def test_canned_translation_follows_locale_then_ticket_language_then_en(self):
        en, es, pt = self.ticket("en"), self.ticket("es"), self.ticket("fr")
        cid = self.greeting["id"]
        self.assertEqual(self.preview(en, cannedResponseId=cid)["text"], f"Hello Ada, about {en['ticketNumber']}.")
        self.assertEqual(self.preview(es, cannedResponseId=cid)["text"], f"Hola Ada, sobre {es['ticketNumber']}.")
        r = self.preview(en, cannedResponseId=cid, locale="es-MX")  # es-MX → es
        self.assertEqual((r["text"], r["locale"]), (f"Hola Ada, sobre {en['ticketNumber']}.", "es"))
        self.assertEqual(self.preview(es, cannedResponseId=cid, locale="pt-BR")["text"], "Olá Ada.")
        # A locale the response lacks falls to the ticket's language; a language it lacks to en.
        self.assertEqual(self.preview(es, cannedResponseId=cid, locale="de")["text"],
                         f"Hola Ada, sobre {es['ticketNumber']}.")
        self.assertEqual(self.preview(pt, cannedResponseId=cid)["text"], f"Hello Ada, about {pt['ticketNumber']}.")
        # Without en either, the response's first translation.
        only_tr = self.api.canned(self.ann_token, "only-tr", {"tr": "Merhaba {{customer.first_name}}"})
        self.assertEqual(self.preview(pt, cannedResponseId=only_tr["id"])["text"], "Merhaba Ada")
        # Another agent's personal response is not Bob's to use.
        self.preview(en, token=self.bob_token, expect=422, cannedResponseId=only_tr["id"])

    def test_sla_due_time_in_the_reply_language(self):
        t = self.ticket("es")
        due = []

        def has_due():
            due[:] = [self.api.db.query(f"SELECT extract(epoch FROM resolution_due)::bigint FROM ticket_sla "
                                        f"WHERE ticket_id = {t['id']} AND resolution_due IS NOT NULL")]
            return due[0] != ""
        wait_until(has_due, 30, "the SLA due time")
        when = datetime.datetime.fromtimestamp(int(due[0]), datetime.timezone.utc)
        for locale in ("es", "en"):
            p = self.preview(t, text="Antes de {{sla.resolution_due}}", locale=locale)
            self.assertEqual(p["unresolved"], [])
            self.assertNotIn("{{", p["text"])
            self.assertIn(str(when.year), p["text"])
            self.assertIn(MONTHS[locale][when.month - 1], p["text"])
            self.assertIn(f"{when.minute:02d}", p["text"])

    def test_sending_renders_placeholders(self):
        t = self.ticket()
        r = self.api.call("POST", f"/tickets/{t['id']}/messages",
                          {"message": "Hi {{customer.first_name | default: 'there'}}, it is {{ticket.number}}."},
                          token=self.ann_token, expect=201)
        self.assertEqual(r["message"]["message"], f"Hi Ada, it is {t['ticketNumber']}.")
        stored = self.api.db.query(f"SELECT body FROM messages WHERE id = {r['message']['id']}")
        self.assertEqual(stored, f"Hi Ada, it is {t['ticketNumber']}.")

    def test_an_unresolved_placeholder_blocks_sending_and_stores_nothing(self):
        t = self.ticket()
        for body in ({"message": "Hi {{customer.nickname}}"},
                     {"message": "Hi {{customer.nickname}}", "isInternal": True},
                     {"message": "Hi {{customer.first_name"}):
            with self.subTest(body=body):
                before = self.stored()
                r = self.api.raw("POST", f"/tickets/{t['id']}/messages", body, self.ann_token)
                self.assertEqual(r.status, 422, r.body[:300])
                self.assertEqual(self.stored(), before)
        r = self.api.raw("POST", f"/tickets/{t['id']}/messages", {"message": "Hi {{customer.nickname}}"}, self.ann_token)
        self.assertEqual(r.json()["error"]["code"], "unresolved_placeholders")
        self.assertIn("customer.nickname", r.json()["error"]["message"])
        # The bootstrap admin has no agent.name: refused too, and a default makes it pass.
        before = self.stored()
        self.assertEqual(self.api.raw("POST", f"/tickets/{t['id']}/messages", {"message": "{{agent.name}}"},
                                      ADMIN_TOKEN).status, 422)
        self.assertEqual(self.stored(), before)
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "{{agent.name | default: 'Support'}}"},
                      token=ADMIN_TOKEN, expect=201)
        self.assertNotEqual(self.stored(), before)

    def test_customers_text_is_theirs(self):
        t = self.ticket()
        r = self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "my code is {{x}} {{"},
                          token=self.customer_token, expect=201)
        self.assertEqual(self.api.db.query(f"SELECT body FROM messages WHERE id = {r['message']['id']}"),
                         "my code is {{x}} {{")
        before = self.stored()
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "x", "cannedResponseId": self.greeting["id"]},
                      token=self.customer_token, expect=403)
        self.assertEqual(self.stored(), before)

    def test_sending_a_canned_response_counts_its_use(self):
        t = self.ticket("es")
        c = self.api.canned(self.ann_token, "usage", {"en": "Thanks {{customer.first_name}}",
                                                      "es": "Gracias {{customer.first_name}}"})
        path = f"/canned-responses/{c['id']}"
        r = self.api.call("POST", f"/tickets/{t['id']}/messages", {"cannedResponseId": c["id"]},
                          token=self.ann_token, expect=201)
        message_id = r["message"]["id"]
        self.assertEqual(self.api.db.query(f"SELECT body FROM messages WHERE id = {message_id}"), "Gracias Ada")
        usage = self.api.call("GET", path, token=self.ann_token)["cannedResponse"]["usage"]
        self.assertEqual({k: usage[k] for k in ("lastHour", "lastDay", "lastWeek", "lastMonth")},
                         {"lastHour": 1, "lastDay": 1, "lastWeek": 1, "lastMonth": 1})
        self.assertIsNotNone(usage["lastUsedAt"])
        # Edited text sent with the response's id counts as a use too (as a note here).
        self.api.call("POST", f"/tickets/{t['id']}/messages",
                      {"message": "Gracias, {{customer.name}}", "cannedResponseId": c["id"], "isInternal": True},
                      token=self.ann_token, expect=201)
        # Older uses fall out of the shorter windows.
        for age in ("3 hours", "3 days", "20 days", "40 days"):
            self.api.db.query(f"INSERT INTO canned_response_uses (canned_response_id, used_at, message_id, agent_id) "
                              f"VALUES ({c['id']}, now() - interval '{age}', {message_id}, {self.ann['id']})")
        usage = self.api.call("GET", path, token=self.ann_token)["cannedResponse"]["usage"]
        self.assertEqual({k: usage[k] for k in ("lastHour", "lastDay", "lastWeek", "lastMonth")},
                         {"lastHour": 2, "lastDay": 3, "lastWeek": 4, "lastMonth": 5})
        listed = self.api.call("GET", "/canned-responses?q=usage", token=self.ann_token)["cannedResponses"]
        self.assertEqual(listed[0]["usage"], usage)
        # A response the sender does not see is refused, and nothing is stored or counted.
        bobs = self.api.ticket(self.customer_token)
        self.api.call("PUT", f"/tickets/{bobs['id']}/assign", {"agentId": self.bob["id"]}, expect=200)
        before = self.stored()
        self.assertEqual(self.api.raw("POST", f"/tickets/{bobs['id']}/messages", {"cannedResponseId": c["id"]},
                                      self.bob_token).status, 422)
        self.assertEqual(self.stored(), before)


if __name__ == "__main__":
    unittest.main()
