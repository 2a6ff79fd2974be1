# SPDX-License-Identifier: Apache-2.0
"""A minimal RFC 6455 client for black-box tests (Python's standard library has none).

It does what a browser does on the wire and nothing more: the opening handshake (checking
Sec-WebSocket-Accept), masked client frames, reassembly of fragmented messages, answering
pings, and the close handshake. It can also send frames a browser never would (an oversized
message, a raw close) so tests can see how the server reacts.
"""
import base64
import hashlib
import os
import socket
import struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeRefused(Exception):
    def __init__(self, status, head):
        super().__init__(f"upgrade refused with HTTP {status}")
        self.status = status
        self.head = head


class Closed(Exception):
    """The server closed: `code` and `reason` of its close frame (None, "" without one)."""

    def __init__(self, code, reason):
        super().__init__(f"closed: {code} {reason}")
        self.code = code
        self.reason = reason


class WebSocket:
    def __init__(self, host, port, path, headers=None, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""
        self.close_sent = False
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        status = int(head.split(" ", 2)[1])
        if status != 101:
            raise HandshakeRefused(status, head)
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        accept = [l.split(":", 1)[1].strip() for l in head.split("\r\n")
                  if l.lower().startswith("sec-websocket-accept:")]
        if accept != [expected]:
            raise AssertionError(f"bad Sec-WebSocket-Accept in {head!r}")

    # ---- wire ----------------------------------------------------------------------------

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed during the handshake")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed(None, "")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send_frame(self, opcode, payload, fin=True):
        header = bytes([(0x80 if fin else 0) | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def read_frame(self):
        """One frame: (fin, opcode, payload). Server frames are never masked."""
        b0, b1 = self._read_exact(2)
        if b1 & 0x80:
            raise AssertionError("the server masked a frame")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read_exact(8))[0]
        return bool(b0 & 0x80), b0 & 0x0F, self._read_exact(n)

    # ---- messages ------------------------------------------------------------------------

    def send_text(self, text):
        self.send_frame(TEXT, text.encode())

    def send_binary(self, data):
        self.send_frame(BINARY, data)

    def receive(self):
        """The next message as (opcode, payload); pings are answered on the way. A close
        frame from the server is answered and raises Closed."""
        opcode, parts = None, []
        while True:
            fin, op, payload = self.read_frame()
            if op == PING:
                self.send_frame(PONG, payload)
                continue
            if op == PONG:
                continue
            if op == CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                if not self.close_sent:
                    self.send_frame(CLOSE, payload[:2])
                    self.close_sent = True
                raise Closed(code, payload[2:].decode(errors="replace"))
            if op != 0:
                opcode = op
            parts.append(payload)
            if fin:
                return opcode, b"".join(parts)

    def receive_text(self):
        opcode, payload = self.receive()
        if opcode != TEXT:
            raise AssertionError(f"expected a text message, got opcode {opcode}")
        return payload.decode()

    def close(self, code=1000, reason=""):
        """Starts the close handshake and returns the server's (code, reason)."""
        self.send_frame(CLOSE, struct.pack("!H", code) + reason.encode())
        self.close_sent = True
        try:
            while True:
                self.receive()
        except Closed as closed:
            return closed.code, closed.reason
        finally:
            self.sock.close()

    def drop(self):
        """Goes away without a close frame, as a browser tab that is killed."""
        self.sock.close()

    def at_eof(self):
        """True once the server closed the TCP connection (after any frames it sent)."""
        try:
            while True:
                self.read_frame()
        except Closed:
            return True
        except OSError:
            return True
