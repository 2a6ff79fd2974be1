# SPDX-License-Identifier: Apache-2.0
"""Long-lived connections in the plugin ABI: frontdeskd with the ws_echo fixture plugin
(tests/fixtures/plugins/ws_echo.cpp), spoken to with a real WebSocket client (ws_client.py)."""
import signal
import unittest

from daemon_harness import TEST_PLUGINS, RunningDaemon, http, wait_until
from ws_client import BINARY, TEXT, Closed, HandshakeRefused, WebSocket

CHANNELS = ("  webform: { enabled: false }\n"
            "  ws_echo: { enabled: true, max_message_bytes: 1024, max_queued_bytes: 65536 }\n")


class WebSocketEchoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = RunningDaemon(channels=CHANNELS, plugins_dir=TEST_PLUGINS)

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        assert code == 0, f"frontdeskd exited with {code}:\n{cls.d.daemon.logs()}"

    def connect(self, path="/ws/echo", headers=None):
        return WebSocket("127.0.0.1", self.d.port, path, headers)

    def stats(self):
        return http("GET", self.d.base + "/ws/echo/stats").json()

    def closes_after(self, before):
        """Waits until the plugin's on_close ran once more than `before`; its stats then."""
        return wait_until(lambda: (lambda s: s if s["closed"] > before else None)(self.stats()),
                          10, "the plugin to learn of the close")

    def test_echoes_text_and_binary(self):
        ws = self.connect()
        ws.send_text("héllo")
        self.assertEqual(ws.receive(), (TEXT, "héllo".encode()))
        ws.send_binary(b"\x00\x01\xfe\xff")
        self.assertEqual(ws.receive(), (BINARY, b"\x00\x01\xfe\xff"))
        self.assertEqual(ws.close(), (1000, ""))

    def test_many_messages_arrive_in_order(self):
        ws = self.connect()
        for i in range(2000):
            ws.send_text(f"message {i}")
        for i in range(2000):
            self.assertEqual(ws.receive_text(), f"message {i}")
        ws.close()

    def test_oversized_message_closes_with_1009(self):
        before = self.stats()["closed"]
        ws = self.connect()
        ws.send_text("fits")
        self.assertEqual(ws.receive_text(), "fits")
        ws.send_text("x" * 1025)  # max_message_bytes is 1024
        with self.assertRaises(Closed) as closed:
            ws.receive()
        self.assertEqual(closed.exception.code, 1009)
        self.assertTrue(ws.at_eof())
        self.assertEqual(self.closes_after(before)["lastCloseCode"], 1009)

    def test_client_close_handshake(self):
        before = self.stats()["closed"]
        ws = self.connect()
        ws.send_text("hi")
        self.assertEqual(ws.receive_text(), "hi")
        self.assertEqual(ws.close(1000, "done")[0], 1000)  # the server echoes the close
        stats = self.closes_after(before)
        self.assertEqual((stats["lastCloseCode"], stats["lastCloseReason"]), (1000, "done"))

    def test_plugin_closes_with_its_own_code(self):
        before = self.stats()["closed"]
        ws = self.connect()
        ws.send_text("close")
        with self.assertRaises(Closed) as closed:
            ws.receive()
        self.assertEqual((closed.exception.code, closed.exception.reason), (4000, "bye"))
        self.assertTrue(ws.at_eof())
        self.assertEqual(self.closes_after(before)["lastCloseCode"], 4000)

    def test_plugin_sending_after_the_peer_left_does_not_crash(self):
        before = self.stats()["closed"]
        ws = self.connect()
        ws.send_text("remember")
        self.assertEqual(ws.receive_text(), "remember")
        ws.drop()  # no close frame: the peer is simply gone
        self.assertEqual(self.closes_after(before)["lastCloseCode"], 1006)
        sent = http("POST", self.d.base + "/ws/echo/remembered")
        self.assertEqual(sent.status, 200)
        self.assertTrue(sent.json() and set(sent.json()) == {"closed"}, sent.json())
        self.assertEqual(http("GET", self.d.base + "/healthz").status, 200)

    def test_a_client_that_does_not_read_is_dropped(self):
        before = self.stats()
        ws = self.connect()
        ws.send_text("flood:400")  # 400 KiB at once against a 64 KiB outbound bound
        stats = self.closes_after(before["closed"])
        self.assertEqual(stats["dropped"], before["dropped"] + 1)
        self.assertEqual(stats["lastCloseCode"], 1006)
        self.assertIn("reads too slowly", stats["lastCloseReason"])
        self.assertTrue(ws.at_eof())
        other = self.connect()  # nobody else was held up
        other.send_text("still here")
        self.assertEqual(other.receive_text(), "still here")
        other.close()

    def test_refused_upgrade_and_plain_get(self):
        with self.assertRaises(HandshakeRefused) as refused:
            self.connect("/ws/echo?refuse=1")
        self.assertEqual(refused.exception.status, 403)
        plain = http("GET", self.d.base + "/ws/echo")
        self.assertEqual(plain.status, 426)
        self.assertEqual(plain.headers.get("Upgrade"), "websocket")

    def test_many_connections_at_once(self):
        sockets = [self.connect() for _ in range(50)]
        for i, ws in enumerate(sockets):
            ws.send_text(f"c{i}")
        for i, ws in enumerate(sockets):
            self.assertEqual(ws.receive_text(), f"c{i}")
        for ws in sockets:
            ws.close()


class WebSocketShutdownTest(unittest.TestCase):
    def test_sigterm_closes_open_connections_with_1001_and_exits_cleanly(self):
        d = RunningDaemon(channels=CHANNELS, plugins_dir=TEST_PLUGINS)
        try:
            ws = WebSocket("127.0.0.1", d.port, "/ws/echo")
            ws.send_text("before")
            self.assertEqual(ws.receive_text(), "before")
            d.daemon.proc.send_signal(signal.SIGTERM)
            with self.assertRaises(Closed) as closed:
                ws.receive()
            self.assertEqual(closed.exception.code, 1001)
            self.assertEqual(d.daemon.proc.wait(30), 0, d.daemon.logs())
        finally:
            d.stop()


class WebSocketIdleTest(unittest.TestCase):
    def test_a_client_that_answers_no_ping_is_closed_after_the_idle_timeout(self):
        d = RunningDaemon(channels="  webform: { enabled: false }\n"
                                   "  ws_echo: { enabled: true, idle_timeout_ms: 400 }\n",
                          plugins_dir=TEST_PLUGINS)
        try:
            ws = WebSocket("127.0.0.1", d.port, "/ws/echo")
            ws.send_text("hi")
            self.assertEqual(ws.receive_text(), "hi")
            # From here the client reads nothing, so it never answers the host's pings.
            stats = wait_until(lambda: (lambda s: s if s["closed"] else None)(
                http("GET", d.base + "/ws/echo/stats").json()), 10, "the idle connection to close")
            self.assertEqual((stats["lastCloseCode"], stats["lastCloseReason"]), (1006, "idle timeout"))
        finally:
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
