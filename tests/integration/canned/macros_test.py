# SPDX-License-Identifier: Apache-2.0
"""Macros over real HTTP: rules with `on: manual`, listed, run by an agent on a ticket with the
rules' actions and audited with the macro's name, dry-run, refusals, and never fired by events."""
import os
import tempfile
import unittest
import urllib.parse

from canned_client import ADMIN_TOKEN, Desk

RULES = """
- name: tag every new ticket
  on: ticket.created
  then: [ { add_tag: seen } ]

- name: vip treatment
  on: manual
  then:
    - set_priority: urgent
    - add_tag: vip
    - note: "VIP: {{customer.name}}"

- name: chase the customer
  on: manual
  if: { field: ticket.status, eq: waiting_customer }
  then: [ { add_tag: chased } ]
"""


def macro_path(ticket, name, dry_run=False):
    return f"/tickets/{ticket['id']}/macros/{urllib.parse.quote(name)}" + ("?dryRun=true" if dry_run else "")


class Macros(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules_dir = tempfile.mkdtemp(prefix="frontdesk-macros-")
        with open(os.path.join(cls.rules_dir, "rules.yaml"), "w") as f:
            f.write(RULES)
        cls.api = Desk(rules_dir=cls.rules_dir)
        cls.ann, cls.ann_token = cls.api.agent("Ann Agent")
        cls.bob, cls.bob_token = cls.api.agent("Bob Agent")
        cls.customer_id, cls.customer_token = cls.api.customer("vip@example.com")
        cls.api.db.query(f"UPDATE customers SET name = 'Grace Hopper' WHERE id = {cls.customer_id}")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def ticket(self):
        t = self.api.ticket(self.customer_token)
        self.api.call("PUT", f"/tickets/{t['id']}/assign", {"agentId": self.ann["id"]}, expect=200)
        self.api.settle()
        return t

    def tags(self, t):
        return self.api.db.query(f"SELECT array_to_string(tags, ',') FROM tickets WHERE id = {t['id']}").split(",")

    def test_the_list_names_the_macros_only(self):
        r = self.api.call("GET", "/macros", token=self.ann_token)
        self.assertEqual([m["name"] for m in r["macros"]], ["vip treatment", "chase the customer"])
        vip = r["macros"][0]
        self.assertEqual(vip["actions"], ["set_priority: urgent", "add_tag: vip", "note: VIP: {{customer.name}}"])
        self.assertFalse(vip["conditional"])
        self.assertTrue(r["macros"][1]["conditional"])
        self.assertEqual(self.api.raw("GET", "/macros", token=self.customer_token).status, 403)

    def test_an_agent_runs_a_macro_and_its_changes_carry_its_name(self):
        t = self.ticket()
        r = self.api.call("POST", macro_path(t, "vip treatment"), token=self.ann_token, expect=200)
        self.assertTrue(r["applied"])
        self.assertEqual(r["ticket"]["priority"], "urgent")
        self.assertIn("vip", r["ticket"]["tags"])
        note = self.api.db.query(f"SELECT body FROM messages WHERE ticket_id = {t['id']} AND is_internal")
        self.assertEqual(note, "VIP: Grace Hopper")
        events = self.api.call("GET", f"/tickets/{t['id']}/events", token=self.ann_token)["events"]
        by_macro = [e for e in events if e.get("rule") == "vip treatment"]
        applied = [e for e in by_macro if e["event"] == "macro.applied"]
        self.assertEqual(len(applied), 1)
        self.assertEqual(applied[0]["actor"]["kind"] if isinstance(applied[0]["actor"], dict) else applied[0]["actor"],
                         "agent")
        changes = self.api.db.query(
            f"SELECT string_agg(event || ':' || actor_kind, ',' ORDER BY id) FROM audit_events "
            f"WHERE ticket_id = {t['id']} AND rule = 'vip treatment' AND event <> 'macro.applied'")
        self.assertIn("ticket.updated:rule", changes)
        self.assertEqual(int(self.api.db.query(
            f"SELECT count(*) FROM audit_events WHERE ticket_id = {t['id']} AND rule = 'vip treatment' "
            f"AND event = 'ticket.updated' AND new_value::text LIKE '%urgent%'")), 1)

    def test_dry_run_says_what_it_would_do_and_changes_nothing(self):
        t = self.ticket()
        before = self.api.snapshot()
        r = self.api.call("POST", macro_path(t, "vip treatment", dry_run=True), token=self.ann_token, expect=200)
        self.assertFalse(r["applied"])
        self.assertEqual(r["actions"], ["set_priority: urgent", "add_tag: vip", "note: VIP: {{customer.name}}"])
        self.assertEqual(self.api.snapshot(), before)

    def test_refusals_change_nothing(self):
        t = self.ticket()
        cases = [
            (macro_path(t, "no such macro"), self.ann_token, 404),
            (macro_path(t, "tag every new ticket"), self.ann_token, 404),  # an event rule is no macro
            (macro_path(t, "vip treatment"), self.customer_token, 403),
            (macro_path(t, "vip treatment"), self.bob_token, 403),  # assigned to Ann
            (macro_path(t, "chase the customer"), self.ann_token, 409),  # its condition does not hold
            (f"/tickets/999999/macros/{urllib.parse.quote('vip treatment')}", self.ann_token, 404),
            (macro_path(t, "vip treatment") + "?dryRun=maybe", self.ann_token, 400),
        ]
        for path, token, status in cases:
            with self.subTest(path=path, status=status):
                before = self.api.snapshot()
                r = self.api.raw("POST", path, None, token)
                self.assertEqual(r.status, status, r.body[:300])
                self.assertEqual(self.api.snapshot(), before)
        r = self.api.raw("POST", macro_path(t, "chase the customer"), None, self.ann_token)
        self.assertIn("ticket.status", r.json()["error"]["message"])
        # The condition holds once the ticket waits on the customer; the admin may run it too.
        for status in ("in_progress", "waiting_customer"):
            self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": status}, token=ADMIN_TOKEN, expect=200)
        self.api.call("POST", macro_path(t, "chase the customer"), token=ADMIN_TOKEN, expect=200)
        self.assertIn("chased", self.tags(t))

    def test_events_never_fire_a_manual_rule(self):
        t = self.ticket()
        self.api.call("POST", f"/tickets/{t['id']}/messages", {"message": "any news?"}, token=self.customer_token,
                      expect=201)
        for status in ("in_progress", "waiting_customer"):
            self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": status}, token=self.ann_token, expect=200)
        self.api.settle()
        tags = self.tags(t)
        self.assertIn("seen", tags)  # the event rule ran: rules were live
        self.assertNotIn("vip", tags)
        self.assertNotIn("chased", tags)
        self.assertEqual(self.api.db.query(
            f"SELECT count(*) FROM audit_events WHERE ticket_id = {t['id']} AND rule IN ('vip treatment', "
            f"'chase the customer')"), "0")


if __name__ == "__main__":
    unittest.main()
