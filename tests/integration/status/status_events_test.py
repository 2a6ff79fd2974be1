# SPDX-License-Identifier: Apache-2.0
"""A status-page incident's events in the event stream and the outbound webhooks
(incident.opened, incident.updated, incident.resolved): published once per incident, with no
ticket and the incident itself, to staff; not for drafts, and not again for each ticket tied
to the incident (those events are the rules')."""
import json
import os
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "events"))

from status_client import ADMIN_TOKEN, Status, wait_until  # noqa: E402
from events_harness import Sse  # noqa: E402

SHIPPED_RULES = os.path.abspath(os.path.join(HERE, "..", "..", "..", "rules"))


class Receiver:
    def __init__(self):
        self.bodies = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                with receiver.lock:
                    receiver.bodies.append(body)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of_type(self, kind):
        with self.lock:
            return [b for b in self.bodies if b["type"] == kind]


class IncidentEvents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.receiver = Receiver()
        cls.api = Status(extra=f"rules: {{ dir: {SHIPPED_RULES} }}\n"
                               "outbox: { poll_interval: 200ms, backoff_base: 100ms }\n"
                               "webhooks: { allow_private_networks: [127.0.0.1] }\n")
        cls.api.ok("POST", "/components", {"name": "API", "keywords": ["api"]}, expect=201)
        r = cls.api.raw("POST", "/webhooks", {"url": cls.receiver.url, "secret": "whsec_incidents_01",
                                              "events": ["incident.opened", "incident.resolved", "ticket.created"]},
                        ADMIN_TOKEN)
        assert r.status == 201, r.body

    @classmethod
    def tearDownClass(cls):
        code = cls.api.stop()
        cls.receiver.server.shutdown()
        assert code == 0

    def test_incident_events_reach_webhooks_and_the_staff_stream_once(self):
        stream = Sse(self.api.d.port, "/events?types=incident.opened,incident.resolved", token=ADMIN_TOKEN)
        self.assertEqual(stream.status, 200)
        _, customer = self.api.customer("ivy@example.org")
        customer_stream = Sse(self.api.d.port, "/events?types=incident.opened", token=customer)
        self.assertEqual(customer_stream.status, 200)
        self.api.ok("POST", "/incidents", {"title": "Draft only", "message": "Notes.", "draft": True}, expect=201)
        opened = self.api.ok("POST", "/incidents", {"title": "API errors", "message": "We are on it.",
                                                    "impact": "major", "components": ["API"]}, expect=201)["incident"]
        hook = wait_until(lambda: self.receiver.of_type("incident.opened"), 30, "the webhook delivery")[0]
        self.assertIsNone(hook["ticket"])
        self.assertEqual(hook["incident"], {"id": opened["id"], "title": "API errors", "status": "investigating",
                                            "impact": "major", "components": ["API"], "message": "We are on it."})
        live = stream.next(timeout=30)["json"]
        self.assertEqual((live["type"], live["incident"]["id"]), ("incident.opened", opened["id"]))

        # A ticket tied to it by the shipped rules; the resolution is raised on it too, for the rules.
        ticket = self.api.ticket(customer, subject="The API answers 500", description="Since noon")
        wait_until(lambda: f"incident-{opened['id']}" in self.api.db.query(
            f"SELECT array_to_string(tags, ',') FROM tickets WHERE id = {ticket['id']}"), 30, "the tie")
        self.api.ok("POST", f"/incidents/{opened['id']}/updates", {"status": "resolved", "message": "Fixed."},
                    expect=201)
        self.assertEqual(self.api.db.query(
            f"SELECT count(*) FROM audit_events WHERE event = 'incident.resolved' AND ticket_id = {ticket['id']}"), "1")
        # A ticket created after it: once its delivery is in, the dispatcher has passed both.
        later = self.api.ticket(customer, subject="Unrelated", description="Hello")
        wait_until(lambda: any(b["ticket"]["id"] == later["id"] for b in self.receiver.of_type("ticket.created")),
                   30, "the later ticket's delivery")
        resolved = self.receiver.of_type("incident.resolved")
        self.assertEqual(len(resolved), 1, resolved)
        self.assertEqual((resolved[0]["incident"]["status"], resolved[0]["change"]["to"]), ("resolved", "resolved"))
        self.assertEqual(len(self.receiver.of_type("incident.opened")), 1, "the draft raised nothing")
        got = stream.collect_until(lambda g: any(e["json"]["type"] == "incident.resolved" for e in g), 30)
        self.assertEqual([e["json"]["type"] for e in got], ["incident.resolved"])
        # Customers' streams carry tickets only.
        self.assertEqual(customer_stream.drain(), [])
        stream.close()
        customer_stream.close()


if __name__ == "__main__":
    unittest.main()
