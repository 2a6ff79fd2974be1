# SPDX-License-Identifier: Apache-2.0
"""Monitors against servers this test starts and stops: an HTTP server (status and body text),
a TCP listener, a TLS server whose certificate expires soon, a DNS name. A stopped service is
detected within a bound, marks its component and opens a draft incident; a recovered one is
operational again; uptime is computed from the stored results; a second daemon on the same
database does not run the monitors twice; bad monitor configuration is refused at --check."""
import http.server
import os
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest

from status_client import Status, wait_until
from daemon_harness import Daemon, TestDatabase, config, free_port

INTERVAL = 1.0
FAILURES = 2


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"all ok" if self.path == "/health" else b"nothing here"
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class HttpService:
    def __init__(self, port):
        self.port = port
        self.server = None

    def start(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Health)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class TcpService:
    """Accepts connections (and closes them) until stopped; stopped, the port refuses."""

    def __init__(self, port, tls=None):
        self.port = port
        self.tls = tls
        self.sock = None

    def start(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(16)
        sock = self.sock

        def serve():
            while True:
                try:
                    conn, _ = sock.accept()
                except OSError:
                    return
                try:
                    if self.tls:
                        conn.settimeout(5)
                        conn = self.tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    pass
                conn.close()
        threading.Thread(target=serve, daemon=True).start()

    def stop(self):
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


def short_lived_certificate(directory, days):
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", str(days), "-subj", "/CN=localhost"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def monitors_yaml(http_port, tcp_port, tls_port):
    common = f"interval: {int(INTERVAL * 1000)}ms, timeout: 500ms, failures: {FAILURES}"
    # Monitors reach 127.0.0.1 only because it is allowed; 127.0.0.2 is not.
    return ("status:\n  allow_private_networks: [127.0.0.1]\n  monitors:\n"
            f"    - {{ name: web, component: Website, http: \"http://127.0.0.1:{http_port}/health\", "
            f"expect_status: 200, expect_text: \"all ok\", {common} }}\n"
            f"    - {{ name: wrong-text, component: Docs, http: \"http://127.0.0.1:{http_port}/health\", "
            f"expect_text: \"never there\", {common} }}\n"
            f"    - {{ name: db, component: Database, tcp: \"127.0.0.1:{tcp_port}\", {common} }}\n"
            f"    - {{ name: cert, component: Certificates, tls: \"127.0.0.1:{tls_port}\", min_days: 30, {common} }}\n"
            f"    - {{ name: dns, component: Resolver, dns: localhost, {common} }}\n"
            f"    - {{ name: inside, component: Intranet, tcp: \"127.0.0.2:{tcp_port}\", {common} }}\n"
            f"    - {{ name: named, component: Named, http: \"http://localhost:{http_port}/health\", {common} }}\n")


class StatusMonitors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="status-monitor-")
        cls.http = HttpService(free_port())
        cls.http.start()
        cls.tcp = TcpService(free_port())
        cls.tcp.start()
        cls.tls = TcpService(free_port(), tls=short_lived_certificate(cls.tmp, days=5))
        cls.tls.start()
        cls.config = monitors_yaml(cls.http.port, cls.tcp.port, cls.tls.port)
        cls.api = Status(extra=cls.config)

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0
        cls.tcp.stop()
        cls.tls.stop()

    def q(self, sql):
        return self.api.db.query(sql)

    def state(self, monitor):
        return self.q(f"SELECT last_ok FROM status_monitor_state WHERE monitor = '{monitor}'")

    def status_of(self, component):
        return self.q(f"SELECT status FROM status_components WHERE name = '{component}'")

    def test_http_outage_is_detected_drafted_and_recovered(self):
        wait_until(lambda: self.state("web") == "t", 20, "the web monitor to pass")
        self.assertEqual(self.status_of("Website"), "operational")
        self.http.stop()
        stopped = time.monotonic()
        wait_until(lambda: self.status_of("Website") == "major_outage", 30, "the outage to be detected")
        detection = time.monotonic() - stopped
        print(f"\ndetection with interval {INTERVAL}s and {FAILURES} failures: {detection:.2f}s "
              "(machine shared and loaded)")
        # Worst case: a run just before the stop, then FAILURES runs, each a full interval apart.
        self.assertLessEqual(detection, INTERVAL * (FAILURES + 1) + 5)
        draft = self.q("SELECT i.id || '|' || i.draft || '|' || i.status || '|' || i.impact FROM status_incidents i "
                       "WHERE i.monitor = 'web' ORDER BY id DESC LIMIT 1").split("|")
        self.assertEqual(draft[1:], ["true", "investigating", "major"])
        self.assertIn("Connection refused", self.q(f"SELECT message FROM status_incident_updates "
                                                   f"WHERE incident_id = {draft[0]}"))
        # A draft is not public, and nobody is told of it.
        self.assertNotIn(draft[0], [i["id"] for i in self.api.summary()["incidents"]])
        self.assertEqual(self.q(f"SELECT count(*) FROM status_notifications WHERE incident_id = {draft[0]}"), "0")
        self.assertEqual(self.q("SELECT actor_kind FROM audit_events WHERE event = 'incident.drafted' "
                                f"AND (data->>'incidentId')::bigint = {draft[0]}"), "system")
        website = [c for c in self.api.summary()["components"] if c["name"] == "Website"][0]
        self.assertEqual(website["status"], "major_outage")
        self.assertEqual(self.api.summary()["status"]["indicator"], "critical")
        # Only one draft however long it stays down.
        failures_now = int(self.q("SELECT failures FROM status_monitor_state WHERE monitor = 'web'"))
        wait_until(lambda: int(self.q("SELECT failures FROM status_monitor_state WHERE monitor = 'web'"))
                   > failures_now, 20, "another failed run")
        self.assertEqual(self.q("SELECT count(*) FROM status_incidents WHERE monitor = 'web'"), "1")
        self.http.start()
        wait_until(lambda: self.status_of("Website") == "operational", 30, "the recovery")
        self.assertEqual(self.q(f"SELECT status FROM status_incidents WHERE id = {draft[0]}"), "resolved")

    def test_wrong_body_text_fails(self):
        wait_until(lambda: self.state("wrong-text") == "f", 20, "the wrong-text monitor to fail")
        self.assertIn("does not contain", self.q("SELECT last_error FROM status_monitor_state "
                                                 "WHERE monitor = 'wrong-text'"))
        wait_until(lambda: self.status_of("Docs") == "major_outage", 20, "Docs to be marked")

    def test_tcp_outage(self):
        wait_until(lambda: self.state("db") == "t", 20, "the tcp monitor to pass")
        self.tcp.stop()
        wait_until(lambda: self.status_of("Database") == "major_outage", 30, "the tcp outage")
        self.tcp.start()
        wait_until(lambda: self.status_of("Database") == "operational", 30, "the tcp recovery")

    def test_tls_expiry_and_dns(self):
        wait_until(lambda: self.state("cert") == "f", 20, "the certificate monitor to fail")
        self.assertRegex(self.q("SELECT last_error FROM status_monitor_state WHERE monitor = 'cert'"),
                         r"expires in [45] days")
        wait_until(lambda: self.state("dns") == "t", 20, "the dns monitor to pass")

    def test_non_public_addresses_are_checked_only_when_allowed(self):
        # 127.0.0.2 is loopback and not in status.allow_private_networks: refused, never connected to.
        wait_until(lambda: self.state("inside") == "f", 20, "the refused monitor to fail")
        self.assertEqual(self.q("SELECT last_error FROM status_monitor_state WHERE monitor = 'inside'"),
                         "127.0.0.2 is a loopback address, refused unless status.allow_private_networks lists it")
        wait_until(lambda: self.status_of("Intranet") == "major_outage", 20, "Intranet to be marked")
        # Positive control: a name resolving to the allowed 127.0.0.1 is checked and passes.
        wait_until(lambda: self.state("named") == "t", 20, "the named monitor to pass")

    def test_uptime_is_computed_from_results(self):
        wait_until(lambda: int(self.q("SELECT count(*) FROM status_monitor_results WHERE monitor = 'wrong-text'")) >= 3,
                   30, "some results")
        page = self.api.page()
        comps = {c["name"]: c for s in page["sections"] for c in s["components"]}
        docs = comps["Docs"]["uptime"]
        self.assertEqual(len(docs["days"]), 90)
        self.assertIsNone(docs["days"][0]["ratio"])
        today = docs["days"][-1]
        self.assertGreaterEqual(today["checks"], 3)
        self.assertEqual(today["failures"], today["checks"])
        self.assertEqual(docs["ratio"], 0)
        checks, failures = map(int, self.q(
            "SELECT sum(checks) || '|' || sum(failures) FROM status_uptime_daily u "
            "JOIN status_components c ON c.id = u.component_id WHERE c.name = 'Resolver'").split("|"))
        self.assertEqual(failures, 0)
        self.assertGreater(checks, 0)
        self.assertEqual(comps["Resolver"]["uptime"]["ratio"], 1)
        results = int(self.q("SELECT count(*) FROM status_monitor_results WHERE monitor = 'dns'"))
        self.assertLessEqual(abs(results - checks), 2)  # written in the same transaction, read a moment apart

    def test_second_daemon_does_not_run_the_monitors_twice(self):
        port = free_port()
        second = Daemon(config(port, self.api.db.conninfo, extra=self.config))
        second.start().wait_healthy(f"http://127.0.0.1:{port}")
        try:
            holder = self.q("SELECT holder FROM status_monitor_lease")
            start = self.q("SELECT count(*) FROM status_monitor_results WHERE monitor = 'dns'")
            t0 = time.monotonic()
            wait_until(lambda: time.monotonic() - t0 > 4 * INTERVAL, 30, "a few intervals")
            runs = int(self.q("SELECT count(*) FROM status_monitor_results WHERE monitor = 'dns'")) - int(start)
            self.assertLessEqual(runs, 4 + 2)
            self.assertEqual(self.q("SELECT holder FROM status_monitor_lease"), holder)
            self.assertNotIn("now runs the monitors", second.logs())
        finally:
            self.assertEqual(second.stop(), 0)

    def test_bad_monitor_configuration_is_refused(self):
        db = TestDatabase()
        try:
            bad = ("status:\n  monitors:\n"
                   "    - { name: a, http: \"ftp://x\" }\n"
                   "    - { name: b, tcp: \"nohost\" }\n"
                   "    - { name: c, http: \"http://x\", tcp: \"x:1\" }\n"
                   "    - { name: d, dns: \"bad name!\", colour: red }\n"
                   "    - { name: e, http: \"http://x\", interval: 2s, timeout: 5s }\n"
                   "    - { http: \"http://x\" }\n")
            r = Daemon(config(free_port(), db.conninfo, extra=bad)).check()
            self.assertNotEqual(r.returncode, 0)
            out = r.stdout + r.stderr
            for expected in ("status.monitors[0].http: must be an http:// or https:// URL",
                             "status.monitors[1].tcp: must be host:port",
                             "status.monitors[2]: give exactly one of http, tcp, tls or dns",
                             "unknown key 'colour'",
                             "status.monitors[4].timeout: must be shorter than the interval",
                             "status.monitors[5]: name is required"):
                self.assertIn(expected, out)
        finally:
            db.drop()


if __name__ == "__main__":
    unittest.main()
