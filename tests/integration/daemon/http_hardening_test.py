# SPDX-License-Identifier: Apache-2.0
"""Request smuggling, Host and trusted proxies against the real frontdeskd over raw sockets
(issue 21). Each malicious request carries, as what a lenient parser would read as its body
or as the next request, a complete web-form submission: a 400 (or 501) followed by the
connection closing, and no ticket stored, is the only passing outcome."""
import json
import re
import socket
import unittest

from daemon_harness import Daemon, RunningDaemon, TestDatabase, config, free_port, http

FORM = json.dumps({"name": "Smuggler", "email": "smuggled@example.org", "subject": "smuggled",
                   "description": "This ticket must never exist."}).encode()


def smuggled_request():
    return (b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(FORM)).encode() + b"\r\n\r\n" + FORM)


def exchange(port, raw, timeout=10):
    """Sends `raw`, reads until the server closes; returns every byte it answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out


def statuses(answer):
    """The status of every response in `answer` (a body is followed directly by the next)."""
    return [int(code) for code in re.findall(rb"HTTP/1\.[01] (\d{3}) ", answer)]


class SmugglingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon()
        cls.port = cls.d.port

    @classmethod
    def tearDownClass(cls):
        assert cls.d.stop() == 0, "frontdeskd did not exit 0 on SIGTERM"

    def tickets(self):
        return int(self.d.db.query("SELECT count(*) FROM tickets"))

    def assert_refused(self, head, body=None, status=400):
        before = self.tickets()
        raw = head + (smuggled_request() if body is None else body)
        answer = exchange(self.port, raw)
        self.assertEqual(statuses(answer), [status], answer[:500])
        self.assertIn(b"Connection: close", answer)
        self.assertEqual(self.tickets(), before, "a smuggled request was processed")

    def test_positive_control_chunked_and_pipelined_requests_are_served(self):
        # The same bytes, framed correctly, do create tickets: the refusals below are not
        # refusals of the payload.
        before = self.tickets()
        chunk = hex(len(FORM))[2:].encode()
        raw = (b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" + chunk + b"\r\n" + FORM + b"\r\n0\r\n\r\n" +
               smuggled_request())
        answer = exchange(self.port, raw)
        self.assertEqual(statuses(answer), [201, 201], answer[:500])
        self.assertEqual(self.tickets(), before + 2)

    def test_transfer_encoding_not_ending_in_chunked_is_400(self):
        for coding in (b"identity", b"gzip", b"chunked, identity", b"xchunked", b"chunked;x=1, gzip"):
            with self.subTest(coding=coding):
                self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                                    b"Content-Type: application/json\r\nTransfer-Encoding: " + coding +
                                    b"\r\n\r\n")

    def test_chunked_twice_or_split_over_lines_is_400(self):
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Transfer-Encoding: chunked, chunked\r\n\r\n")
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")

    def test_unsupported_coding_before_chunked_is_501(self):
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Transfer-Encoding: gzip, chunked\r\n\r\n", status=501)

    def test_transfer_encoding_with_content_length_is_400_in_either_order(self):
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n")
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n")
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Transfer-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd")

    def test_transfer_encoding_in_http_1_0_is_400(self):
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.0\r\nHost: x\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")

    def test_duplicate_or_conflicting_content_length_is_400(self):
        n = str(len(FORM)).encode()
        for fields in (b"Content-Length: " + n + b"\r\nContent-Length: " + n + b"\r\n",
                       b"Content-Length: " + n + b", " + n + b"\r\n",
                       b"Content-Length: 4\r\nContent-Length: " + n + b"\r\n",
                       b"Content-Length: +" + n + b"\r\n"):
            with self.subTest(fields=fields):
                self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                                    b"Content-Type: application/json\r\n" + fields + b"\r\n", FORM)

    def test_obs_fold_is_400(self):
        n = str(len(FORM)).encode()
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Type: application/json\r\nX-Note: one\r\n two\r\n"
                            b"Content-Length: " + n + b"\r\n\r\n", FORM)
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\n Host: x\r\n"
                            b"Content-Type: application/json\r\nContent-Length: " + n + b"\r\n\r\n", FORM)

    def test_bad_chunk_sizes_are_400(self):
        for chunk in (b"zz\r\n" + FORM + b"\r\n0\r\n\r\n",
                      b"-5\r\nabcde\r\n0\r\n\r\n",
                      b"ffffffffffffffffff\r\n" + FORM + b"\r\n0\r\n\r\n",
                      b"0x" + hex(len(FORM))[2:].encode() + b"\r\n" + FORM + b"\r\n0\r\n\r\n"):
            with self.subTest(chunk=chunk[:24]):
                self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: x\r\n"
                                    b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                                    chunk)

    def test_http_1_1_without_host_or_with_two_is_400(self):
        n = str(len(FORM)).encode()
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nContent-Type: application/json\r\n"
                            b"Content-Length: " + n + b"\r\n\r\n", FORM)
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: a\r\nHost: b\r\n"
                            b"Content-Type: application/json\r\nContent-Length: " + n + b"\r\n\r\n", FORM)
        self.assert_refused(b"POST /api/v1/support/tickets HTTP/1.1\r\nHost: user@evil\r\n"
                            b"Content-Type: application/json\r\nContent-Length: " + n + b"\r\n\r\n", FORM)

    def test_http_1_0_without_host_is_served(self):
        answer = exchange(self.port, b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertEqual(statuses(answer), [200], answer[:300])


def form_post(port, forwarded=None, header="X-Forwarded-For"):
    headers = {"Content-Type": "application/json"}
    if forwarded:
        headers[header] = forwarded
    return http("POST", f"http://127.0.0.1:{port}/api/v1/support/tickets", FORM, headers)


class TrustedProxiesTest(unittest.TestCase):
    """The web form's per-IP limit (2 a minute here) and its stored remoteAddr."""

    def start(self, trusted):
        extra = f"http: {{ trusted_proxies: {trusted} }}\n" if trusted is not None else ""
        return RunningDaemon(channels="  webform: { enabled: true, rate_limit_per_minute: 2 }\n", extra=extra)

    def remote_addrs(self, d):
        return d.db.query("SELECT metadata->>'remoteAddr' FROM messages WHERE direction = 'inbound' ORDER BY id").split("\n")

    def test_forwarded_for_from_a_trusted_proxy_names_the_client(self):
        d = self.start("[127.0.0.1, '10.0.0.0/8']")
        try:
            self.assertEqual(form_post(d.port, "198.51.100.1").status, 201)
            # The chain is read from the right: a trusted hop (10.1.2.3) is skipped.
            self.assertEqual(form_post(d.port, "203.0.113.9, 198.51.100.1, 10.1.2.3").status, 201)
            self.assertEqual(form_post(d.port, "198.51.100.1").status, 429)
            # Another client behind the same proxy has a bucket of its own.
            self.assertEqual(form_post(d.port, "198.51.100.2").status, 201)
            self.assertEqual(form_post(d.port, 'for="[2001:db8::7]:4711";proto=https', "Forwarded").status, 201)
            self.assertEqual(self.remote_addrs(d),
                             ["198.51.100.1", "198.51.100.1", "198.51.100.2", "2001:db8::7"])
        finally:
            self.assertEqual(d.stop(), 0)

    def test_forwarded_for_from_an_untrusted_peer_is_ignored(self):
        for trusted in (None, "['192.0.2.0/24']"):
            with self.subTest(trusted=trusted):
                d = self.start(trusted)
                try:
                    self.assertEqual(form_post(d.port, "198.51.100.1").status, 201)
                    self.assertEqual(form_post(d.port, "198.51.100.2").status, 201)
                    # One bucket: the socket peer's.
                    self.assertEqual(form_post(d.port, "198.51.100.3").status, 429)
                    self.assertEqual(self.remote_addrs(d), ["127.0.0.1", "127.0.0.1"])
                finally:
                    self.assertEqual(d.stop(), 0)

    def test_an_entry_that_is_not_an_address_or_network_fails_the_check(self):
        db = TestDatabase()
        try:
            for bad in ("[10.0.0.0/33]", "[proxy.example.com]", "10.0.0.1"):
                with self.subTest(bad=bad):
                    d = Daemon(config(free_port(), db.conninfo, extra=f"http: {{ trusted_proxies: {bad} }}\n"))
                    out = d.check()
                    self.assertNotEqual(out.returncode, 0)
                    self.assertIn("http.trusted_proxies", out.stdout + out.stderr)
        finally:
            db.drop()


if __name__ == "__main__":
    unittest.main()
