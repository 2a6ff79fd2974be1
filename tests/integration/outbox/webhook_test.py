# SPDX-License-Identifier: Apache-2.0
"""Webhook notifications through the real daemon: a rule's `notify: {webhook: url}` is POSTed
by the outbox to a local HTTP server that records what arrives; a 500 is retried until it
succeeds, a 404 fails for good, and https verifies the certificate (and sends SNI)."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until  # noqa: E402


class Receiver:
    """An HTTP server on a free loopback port. /flaky answers 500 once, then 200; /gone 404."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    seen = sum(1 for r in receiver.requests if r["path"] == self.path)
                    status = 404 if self.path == "/gone" else 500 if seen == 0 else 200
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body, "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def to(self, path):
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class TlsPeer:
    """A TLS server with a self-signed certificate (not in the system store) that records the
    server name each client asks for."""

    def __init__(self, directory):
        self.cert = os.path.join(directory, "cert.pem")
        self.key = os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", self.key, "-out", self.cert], check=True, capture_output=True)
        self.names = []
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(self.cert, self.key)
        self.context.sni_callback = lambda sock, name, ctx: self.names.append(name)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (ssl.SSLError, OSError):
                pass

    def close(self):
        self.running = False
        self.sock.close()


class WebhookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fd-webhook-")
        cls.receiver = Receiver()
        cls.tls = TlsPeer(cls.dir)
        rules = os.path.join(cls.dir, "rules")
        os.makedirs(os.path.join(rules, "templates"))
        with open(os.path.join(rules, "templates", "alert.yaml"), "w") as f:
            f.write('en:\n  subject: "New: {{ticket.number}}"\n  body: "{{ticket.subject}} from {{customer.name}}"\n')
        base = f"http://127.0.0.1:{cls.receiver.port}"
        with open(os.path.join(rules, "hooks.yaml"), "w") as f:
            for name, url in (("flaky", base + "/flaky"), ("gone", base + "/gone"),
                              ("tls", f"https://localhost:{cls.tls.port}/hook")):
                f.write(f"- name: hook {name}\n  on: ticket.created\n"
                        f"  if: {{ field: ticket.subject, eq: {name} }}\n"
                        f"  then: [ {{ notify: {{ webhook: \"{url}\", template: alert }} }} ]\n")
        cls.db = TestDatabase()
        cls.port = free_port()
        cls.base = f"http://127.0.0.1:{cls.port}"
        text = (config(cls.port, cls.db.conninfo) + f"rules: {{ dir: {rules} }}\n"
                "outbox: { backoff_base: 100ms, backoff_max: 200ms, poll_interval: 100ms, max_attempts: 50 }\n"
                "webhooks: { allow_private_networks: [127.0.0.1] }\n")
        cls.daemon = Daemon(text)
        cls.daemon.start().wait_healthy(cls.base)

    @classmethod
    def tearDownClass(cls):
        code = cls.daemon.stop()
        cls.db.drop()
        cls.receiver.close()
        cls.tls.close()
        shutil.rmtree(cls.dir)
        assert code == 0, f"frontdeskd exited with {code}"

    def post_ticket(self, subject):
        r = http("POST", self.base + "/api/v1/support/tickets",
                 json.dumps({"name": "Ana", "email": f"{subject}@example.com", "subject": subject,
                             "description": "d", "category": "general"}), {"Content-Type": "application/json"})
        self.assertEqual(r.status, 201, r.body)
        return r.json()["ticket"]["ticketNumber"]

    def outbox(self, number, columns):
        return self.db.query(f"SELECT {columns} FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
                             f"WHERE o.channel = 'webhook' AND t.number = '{number}'")

    def test_a_500_is_retried_until_the_documented_json_arrives(self):
        number = self.post_ticket("flaky")
        wait_until(lambda: self.outbox(number, "o.status") == "sent", 30, "the webhook row to be sent")
        calls = self.receiver.to("/flaky")
        self.assertEqual([c["status"] for c in calls], [500, 200])
        self.assertEqual(calls[0]["body"], calls[1]["body"])
        ticket_id = int(self.db.query(f"SELECT id FROM tickets WHERE number = '{number}'"))
        self.assertEqual(json.loads(calls[1]["body"]), {
            "event": "ticket.created", "rule": "hook flaky",
            "ticket": {"id": ticket_id, "number": number, "status": "open", "priority": "medium",
                       "category": "general"},
            "subject": f"New: {number}", "text": "flaky from Ana"})
        headers = calls[1]["headers"]
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertRegex(headers["User-Agent"], r"^Frontdesk/\d+\.\d+\.\d+ \(webhook\)$")
        self.assertEqual(headers["Host"], f"127.0.0.1:{self.receiver.port}")
        outbox_id, attempts = self.outbox(number, "o.id, o.attempts").split("|")
        self.assertEqual(headers["X-Frontdesk-Delivery"], outbox_id)
        self.assertEqual(attempts, "2")

    def test_a_404_fails_for_good_with_the_status_in_the_reason(self):
        number = self.post_ticket("gone")
        wait_until(lambda: self.outbox(number, "o.status") == "failed", 30, "the webhook row to fail")
        self.assertEqual(self.outbox(number, "o.last_error"),
                         "webhook refused the notification: HTTP 404 Not Found")
        self.assertEqual(len(self.receiver.to("/gone")), 1)
        self.assertEqual(self.db.query(
            f"SELECT data->>'error' FROM audit_events e JOIN tickets t ON t.id = e.ticket_id "
            f"WHERE e.event = 'message.delivery' AND t.number = '{number}'"),
            "webhook refused the notification: HTTP 404 Not Found")

    def test_https_sends_sni_and_refuses_an_unverified_certificate(self):
        number = self.post_ticket("tls")
        wait_until(lambda: "certificate verify failed" in self.outbox(number, "coalesce(o.last_error, '')"), 30,
                   "a certificate failure to be recorded")
        self.assertIn(self.outbox(number, "o.status"), ("pending", "sending"))  # transient: retried
        self.assertIn("localhost", self.tls.names)
        self.assertNotIn("/hook", self.outbox(number, "o.last_error"))


if __name__ == "__main__":
    unittest.main()
