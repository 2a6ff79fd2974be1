# SPDX-License-Identifier: Apache-2.0
"""Every ticket operation once through the REST API and once through a rule: the ticket rows
and the audit events they leave must be the same, but for who made them."""
import json
import os
import tempfile
import unittest

from api_client import ADMIN_TOKEN, BASE, Api  # noqa: F401
from daemon_harness import RunningDaemon, http, wait_until

AGENT = "sarah.support@desk.example"

# Each operation: the rule's actions, and the same through the API (a list of calls made on
# the ticket, `{id}` standing for it). Rules act on tickets whose description is "rule".
OPERATIONS = {
    "assign": ("[assign: {agent: %s}]" % AGENT,
               lambda api, a: [("PUT", "/tickets/{id}/assign", {"agentId": a})]),
    "priority": ("[set_priority: urgent]",
                 lambda api, a: [("PUT", "/tickets/{id}/priority", {"priority": "urgent"})]),
    "resolve": ("[assign: {agent: %s}, set_status: in_progress, set_status: resolved]" % AGENT,
                lambda api, a: [("PUT", "/tickets/{id}/assign", {"agentId": a}),
                                ("PUT", "/tickets/{id}/status", {"status": "in_progress"}),
                                ("PUT", "/tickets/{id}/status", {"status": "resolved"})]),
    "escalate": ("[escalate: {reason: needs senior}]",
                 lambda api, a: [("PUT", "/tickets/{id}/escalate", {"reason": "needs senior"})]),
    "close": ("[close: {resolution: wont_fix, summary: not planned}]",
              lambda api, a: [("PUT", "/tickets/{id}/close",
                               {"resolutionType": "wont_fix", "summary": "not planned"})]),
    "note": ("[note: remember the refund]",
             lambda api, a: [("POST", "/tickets/{id}/messages",
                              {"message": "remember the refund", "isInternal": True})]),
}

TICKET_ROW = ("SELECT json_build_object('status', status, 'priority', priority, 'category', category, "
              "'tags', tags, 'escalation', escalation_level, 'assigned', assigned_to IS NOT NULL, "
              "'resolution', resolution_type, 'summary', regexp_replace(resolution_summary, 'TKT-[0-9-]+', 'TKT-n'), "
              "'resolved', resolved_at IS NOT NULL, 'closed', closed_at IS NOT NULL, "
              "'merged', merged_into IS NOT NULL)::text FROM tickets WHERE id = {id}")

EVENTS = ("SELECT coalesce(json_agg(json_build_object('event', event, 'old', old_value, 'new', new_value, "
          "'data', data - 'depth' - 'messageId' - 'messageIds' - 'mergeId') ORDER BY id), '[]')::text "
          "FROM audit_events WHERE ticket_id = {id} AND event NOT IN ('ticket.created', 'message.received')")


def rules_file(directory):
    lines = []
    for name, (actions, _) in OPERATIONS.items():
        lines.append(f"- name: op {name}\n  on: ticket.created\n"
                     f"  if: {{ all: [ {{ field: ticket.subject, eq: 'op {name}' }}, "
                     f"{{ field: ticket.description, eq: rule }} ] }}\n  then: {actions}\n")
    lines.append("- name: op merge\n  on: ticket.created\n"
                 "  if: { all: [ { field: ticket.subject, eq: 'op merge' }, { field: ticket.description, eq: rule } ] }\n"
                 "  then: [merge_duplicates: { window: 1h }]\n")
    # A merge undone by a rule at once, and a customer's message split off by a rule.
    lines.append("- name: op unmerge\n  on: status.changed\n"
                 "  if: { all: [ { field: ticket.subject, eq: 'op unmerge rule' }, { field: event.new, eq: closed } ] }\n"
                 "  then: [unmerge]\n")
    lines.append("- name: op split\n  on: message.received\n"
                 "  if: { all: [ { field: ticket.subject, eq: 'op split' }, { field: ticket.description, eq: rule }, "
                 "{ field: message.text, eq: 'new question' } ] }\n"
                 "  then: [split]\n")
    with open(os.path.join(directory, "ops.yaml"), "w") as f:
        f.write("\n".join(lines))


class OneWritePathTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules_dir = tempfile.mkdtemp(prefix="frontdesk-ops-")
        rules_file(cls.rules_dir)
        cls.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN},
                              extra=f"rules: {{ dir: {cls.rules_dir} }}\n")
        cls.db = cls.d.db
        agent = cls.call("POST", "/agents", {"name": "Sarah Support", "email": AGENT,
                                             "availability": "available", "maxConcurrent": 100})
        cls.agent_id = agent["agent"]["id"]

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0

    @classmethod
    def call(cls, method, path, body=None):
        r = http(method, cls.d.base + BASE + path, json.dumps(body) if body is not None else None,
                 {"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"})
        if r.status >= 300:
            raise AssertionError(f"{method} {path}: {r.status} {r.body[:300]!r}")
        return r.json()

    def ticket(self, subject, description, email):
        return self.call("POST", "/tickets", {"subject": subject, "description": description,
                                              "email": email})["ticket"]["id"]

    def row(self, ticket_id):
        return json.loads(self.db.query(TICKET_ROW.format(id=ticket_id)))

    def events(self, ticket_id):
        return json.loads(self.db.query(EVENTS.format(id=ticket_id)))

    def actors(self, ticket_id):
        return set(self.db.query(
            f"SELECT string_agg(DISTINCT actor_kind || ':' || coalesce(rule, ''), ',') FROM audit_events "
            f"WHERE ticket_id = {ticket_id} AND event NOT IN ('ticket.created', 'message.received')").split(","))

    def wait_for_rules(self, ticket_id):
        """The rules have run once no event of the ticket awaits them."""
        wait_until(lambda: self.db.query(
            f"SELECT count(*) FILTER (WHERE rules_pending) = 0 AND count(*) > 0 FROM audit_events "
            f"WHERE ticket_id = {ticket_id}") == "t", 30, f"rules to handle ticket {ticket_id}")

    def test_each_operation_writes_the_same_row_and_events(self):
        for name, (_, api_calls) in OPERATIONS.items():
            with self.subTest(operation=name):
                by_rule = self.ticket(f"op {name}", "rule", f"rule-{name}@example.com")
                self.wait_for_rules(by_rule)
                by_api = self.ticket(f"op {name}", "api", f"api-{name}@example.com")
                self.wait_for_rules(by_api)
                for method, path, body in api_calls(self, self.agent_id):
                    self.call(method, path.format(id=by_api), body)
                self.assertEqual(self.row(by_rule), self.row(by_api))
                rule_events = self.events(by_rule)
                self.assertTrue(rule_events, f"the rule for {name} did nothing")
                self.assertEqual(rule_events, self.events(by_api))
                self.assertEqual(self.actors(by_rule), {f"rule:op {name}"})
                self.assertEqual(self.actors(by_api), {"admin:"})

    def test_merge_writes_the_same_rows_and_events(self):
        older_rule = self.ticket("op merge", "rule", "merge-rule@example.com")
        self.wait_for_rules(older_rule)
        newer_rule = self.ticket("op merge", "rule", "merge-rule@example.com")
        self.wait_for_rules(newer_rule)
        older_api = self.ticket("op merge", "api", "merge-api@example.com")
        newer_api = self.ticket("op merge", "api", "merge-api@example.com")
        self.wait_for_rules(newer_api)
        self.call("POST", f"/tickets/{newer_api}/merge", {"into": str(older_api)})
        for rule_id, api_id in ((older_rule, older_api), (newer_rule, newer_api)):
            self.assertEqual(self.row(rule_id), self.row(api_id))
            self.assertEqual(self.events(rule_id), self.normalise(self.events(api_id), older_api, older_rule))
        self.assertEqual(self.row(newer_rule)["merged"], True)
        self.assertEqual(self.db.query(f"SELECT count(*) FROM messages WHERE ticket_id = {older_rule}"), "2")

    def test_unmerge_writes_the_same_rows_and_events(self):
        pairs = {}
        for path in ("rule", "api"):
            older = self.ticket(f"op unmerge {path}", path, f"unmerge-{path}@example.com")
            newer = self.ticket(f"op unmerge {path}", path, f"unmerge-{path}@example.com")
            self.wait_for_rules(newer)
            self.call("POST", f"/tickets/{newer}/merge", {"into": str(older)})
            pairs[path] = (older, newer)
        self.wait_for_rules(pairs["rule"][1])
        self.call("POST", f"/tickets/{pairs['api'][1]}/unmerge")
        for rule_id, api_id in zip(pairs["rule"], pairs["api"]):
            self.assertEqual(self.row(rule_id), self.row(api_id))
            self.assertEqual(self.events(rule_id), self.normalise(self.events(api_id), pairs["api"][0], pairs["rule"][0]))
        self.assertEqual(self.row(pairs["rule"][1])["merged"], False)
        self.assertIn("rule:op unmerge", self.actors(pairs["rule"][1]))

    def test_split_writes_the_same_rows_and_events(self):
        moved = {}
        for path in ("rule", "api"):
            email = f"split-{path}@example.com"
            ticket = self.ticket("op split", path, email)
            self.wait_for_rules(ticket)
            customer = self.db.query(f"SELECT customer_id FROM tickets WHERE id = {ticket}")
            token = self.call("POST", "/tokens", {"role": "customer", "customerId": int(customer)})["token"]
            r = http("POST", f"{self.d.base}{BASE}/tickets/{ticket}/messages", json.dumps({"message": "new question"}),
                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            self.assertEqual(r.status, 201, r.body)
            message = r.json()["message"]["id"]
            self.wait_for_rules(ticket)
            if path == "api":
                self.call("POST", f"/tickets/{ticket}/split", {"messageIds": [message]})
            new = int(self.db.query(f"SELECT ticket_id FROM messages WHERE id = {message}"))
            self.assertNotEqual(new, ticket, f"the {path} path split nothing")
            moved[path] = (ticket, new)
        for rule_id, api_id in zip(moved["rule"], moved["api"]):
            row_rule, row_api = self.row(rule_id), self.row(api_id)
            self.assertEqual(row_rule, row_api)
        self.assertEqual(self.events(moved["rule"][0]),
                         self.normalise(self.events(moved["api"][0]), moved["api"][1], moved["rule"][1]))
        self.assertIn("rule:op split", self.actors(moved["rule"][0]))

    def normalise(self, events, api_id, rule_id):
        """The API path's survivor id and number replaced by the rule path's, so the two compare."""
        number = lambda i: self.db.query(f"SELECT number FROM tickets WHERE id = {i}")  # noqa: E731
        text = json.dumps(events).replace(f'"into": {api_id}', f'"into": {rule_id}')
        text = text.replace(f'"ticketId": {api_id}', f'"ticketId": {rule_id}')
        return json.loads(text.replace(number(api_id), number(rule_id)))


if __name__ == "__main__":
    unittest.main()
