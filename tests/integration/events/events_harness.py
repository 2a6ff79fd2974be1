# SPDX-License-Identifier: Apache-2.0
"""Helpers for the event stream and webhook tests: a daemon with extra configuration, an SSE
client that reads on a thread of its own, and a WebSocket client for /stream."""
import json
import os
import queue
import socket
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "api"))

from daemon_harness import Daemon, RunningDaemon, config, free_port, wait_until  # noqa: E402,F401
from api_client import ADMIN_TOKEN, BASE, Api  # noqa: E402,F401
from ws_client import WebSocket, HandshakeRefused, Closed  # noqa: E402,F401


class EventsApi(Api):
    """Api (api_client.py) on a daemon with `extra` configuration."""

    def __init__(self, extra=""):  # pylint: disable=super-init-not-called
        self.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN}, extra=extra)
        self.db = self.d.db

    def published_ids(self, after, where="true"):
        """Ids of the published events after `after` (what a staff stream must deliver)."""
        rows = self.db.query(
            f"SELECT id FROM audit_events WHERE id > {after} AND ticket_id IS NOT NULL"
            f" AND fd_event_type(event, data, ticket_id) IS NOT NULL AND ({where}) ORDER BY id")
        return [int(x) for x in rows.split()] if rows else []

    def newest_id(self):
        return int(self.db.query("SELECT coalesce(max(id), 0) FROM audit_events"))


class SecondDaemon:
    """Another frontdeskd on the same database (several daemons share one PostgreSQL)."""

    def __init__(self, first, extra=""):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.daemon = Daemon(config(self.port, first.db.conninfo, extra=extra),
                             env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN})
        self.daemon.start().wait_healthy(self.base)

    def stop(self):
        return self.daemon.stop()


class Sse:
    """A Server-Sent Events client on a raw socket. Events (dicts with id, event, data and the
    parsed json) and comments arrive on queues filled by a reader thread."""

    def __init__(self, port, path, token=None, headers=None, rcvbuf=None, read=True, timeout=10):
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        lines = [f"GET {BASE}{path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: text/event-stream"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.events = queue.Queue()
        self.comments = queue.Queue()
        self.closed = threading.Event()
        self.buffer = b""
        if not read:
            self.status = None
            return
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed before the header")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        head = head.decode("latin-1")
        self.status = int(head.split(" ", 2)[1])
        self.headers = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip()
                        for l in head.split("\r\n")[1:] if ":" in l}
        if self.status != 200:
            self.body = self.buffer
            self.sock.close()
            self.closed.set()
            return
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        self.sock.settimeout(None)
        try:
            while True:
                while b"\n\n" in self.buffer:
                    block, _, self.buffer = self.buffer.partition(b"\n\n")
                    self._block(block.decode())
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
        except OSError:
            pass
        self.closed.set()

    def _block(self, block):
        event = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                self.comments.put(line[1:].strip())
            elif ":" in line:
                key, _, value = line.partition(":")
                event[key] = value[1:] if value.startswith(" ") else value
        if "data" in event:
            event["json"] = json.loads(event["data"])
            self.events.put(event)

    def next(self, timeout=10):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no event within the deadline") from None

    def collect_until(self, done, timeout=15):
        """Events until done(list) is true."""
        got = []
        deadline = time.monotonic() + timeout
        while not done(got):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; got {[e['id'] for e in got]}")
            try:
                got.append(self.events.get(timeout=left))
            except queue.Empty:
                continue
        return got

    def drain(self):
        got = []
        while True:
            try:
                got.append(self.events.get_nowait())
            except queue.Empty:
                return got

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def ws_connect(port, token, query=""):
    return WebSocket("127.0.0.1", port, f"{BASE}/stream{query}",
                     headers={"Authorization": f"Bearer {token}"})


def ws_events_until(ws, done, timeout=15):
    got = []
    ws.sock.settimeout(timeout)
    deadline = time.monotonic() + timeout
    while not done(got):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; got {[e.get('id') for e in got]}")
        got.append(json.loads(ws.receive_text()))
    return got
