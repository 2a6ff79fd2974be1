# SPDX-License-Identifier: Apache-2.0
"""A real SMTP peer for the daemon's outbound mail: aiosmtpd on loopback, keeping every message
it accepts, parsed (hence FRONTDESK_TEST_PYTHON for the suites that use it)."""
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from daemon_harness import free_port


class SmtpSink:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.port = self.controller.port

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 2.0.0 accepted"

    def to(self, address, subject_start=""):
        """The messages to `address` (its To header) whose subject starts so."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address and m["Subject"].startswith(subject_start)]

    def stop(self):
        self.controller.stop()
