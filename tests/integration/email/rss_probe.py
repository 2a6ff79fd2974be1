# SPDX-License-Identifier: Apache-2.0
"""Resident memory of a frontdeskd receiving large mail: the figures behind
bench/smtp_bench/rss_bench.py and email_memory_test.py.

Memory is read from /proc/<pid>/status (VmRSS, VmHWM); writing "5" to /proc/<pid>/clear_refs
resets VmHWM to the current RSS, so each step's peak is its own."""
import base64
import os
import smtplib
import tempfile
import threading
import time
import uuid

from daemon_harness import Daemon, TestDatabase, config, free_port, http, wait_until

ADDRESS = "support@example.com"


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"{field} missing from /proc/{pid}/status")


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def large_mail(mib, message_id):
    """A mail of about `mib` MiB: a short text part and two base64 attachments (random bytes,
    each under the default 10 MiB attachment limit while the whole stays under 25 MiB)."""
    target = int(mib * 1024 * 1024)
    per_attachment = (target - 4096) * 3 // 4 // 2
    lines = [f"From: Big Sender <big@example.org>", f"To: {ADDRESS}", "Subject: large mail",
             f"Message-ID: <{message_id}>", "MIME-Version: 1.0",
             'Content-Type: multipart/mixed; boundary="b0undary"', "", "--b0undary",
             "Content-Type: text/plain; charset=utf-8", "", "Two files attached.", ""]
    head = "\r\n".join(lines).encode()
    parts = [head]
    for n in range(2):
        encoded = base64.encodebytes(os.urandom(per_attachment)).replace(b"\n", b"\r\n")
        parts.append(b"--b0undary\r\nContent-Type: application/octet-stream\r\n"
                     b"Content-Transfer-Encoding: base64\r\n"
                     b"Content-Disposition: attachment; filename=\"part%d.bin\"\r\n\r\n" % n)
        parts.append(encoded)
    parts.append(b"--b0undary--\r\n")
    return b"".join(parts)


def send(port, raw, results, index, declare_size=True):
    """One mail on its own connection; results[index] = the final reply code."""
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=900) as s:
            s.ehlo("client.example.org")
            code, _ = s.mail("big@example.org", [f"SIZE={len(raw)}"] if declare_size else [])
            if code != 250:
                results[index] = code
                return
            s.rcpt(ADDRESS)
            results[index] = s.data(raw)[0]
    except smtplib.SMTPResponseException as e:
        results[index] = e.smtp_code
    except (smtplib.SMTPException, OSError) as e:
        results[index] = repr(e)


def settle(pid, base, seconds=1.0, timeout=30.0):
    """VmRSS once it has not fallen for `seconds` (frees finish on other threads). Between
    samples the daemon answers a health check, so each sample follows real work of its
    threads rather than an idle wait."""
    deadline = time.monotonic() + timeout
    low = status_kib(pid, "VmRSS")
    since = time.monotonic()
    while time.monotonic() < deadline:
        http("GET", base + "/healthz")
        now = status_kib(pid, "VmRSS")
        if now < low - 256:
            low, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            break
    return min(low, status_kib(pid, "VmRSS"))


class MemoryDaemon:
    """frontdeskd with the email channel at its shipped limits (25 MiB messages)."""

    def __init__(self, plugins_dir, extra_email=""):
        self.db = TestDatabase()
        self.port, self.smtp_port = free_port(), free_port()
        channels = ("  webform: { enabled: false }\n"
                    "  email:\n"
                    "    enabled: true\n"
                    f"    address: {ADDRESS}\n"
                    f"    listen: 127.0.0.1:{self.smtp_port}\n"
                    f"{extra_email}")
        # No rules: nothing answers the mail, so nothing waits in the outbox at shutdown.
        self.rules = tempfile.mkdtemp(prefix="frontdesk-norules-")
        text = config(self.port, self.db.conninfo, plugins_dir=plugins_dir, channels=channels,
                      extra=f"rules: {{ dir: {self.rules} }}\n")
        self.daemon = Daemon(text.replace("log: { level: debug }", "log: { level: info }"))
        self.base = f"http://127.0.0.1:{self.port}"
        self.daemon.start().wait_healthy(self.base)
        self.pid = self.daemon.proc.pid

    def stored(self):
        return int(self.db.query(
            "SELECT count(*) FROM messages WHERE channel = 'email' AND direction = 'inbound'"))

    def send_at_once(self, mails, declare_size=True):
        results = [None] * len(mails)
        threads = [threading.Thread(target=send, args=(self.smtp_port, raw, results, i, declare_size))
                   for i, raw in enumerate(mails)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    def stop(self):
        try:
            return self.daemon.stop(timeout=300)
        finally:
            self.db.drop()
            os.rmdir(self.rules)


def measure_large_mail(plugins_dir, mib=24.0, concurrent=4, extra_email="", progress=None):
    """Figures in KiB: idle, one mail's peak and after, `concurrent` mails' peak and after.
    `progress(figures)` is called after each step."""
    progress = progress or (lambda figures: None)
    one = [large_mail(mib, f"{uuid.uuid4().hex}@example.org")]
    many = [large_mail(mib, f"{uuid.uuid4().hex}@example.org") for _ in range(concurrent)]
    d = MemoryDaemon(plugins_dir, extra_email)
    try:
        figures = {"idle_kib": settle(d.pid, d.base)}
        reset_peak(d.pid)
        replies = d.send_at_once(one)
        wait_until(lambda: d.stored() >= 1, 120, "the large mail to be stored")
        figures["one_peak_kib"] = status_kib(d.pid, "VmHWM")
        figures["one_after_kib"] = settle(d.pid, d.base)
        progress(figures)
        reset_peak(d.pid)
        replies += d.send_at_once(many)
        figures["many_peak_kib"] = status_kib(d.pid, "VmHWM")
        # Whatever was not deferred (452) is stored before "after" is read, even if its
        # client gave up waiting.
        expected = sum(1 for r in replies if r != 452)
        wait_until(lambda: d.stored() >= expected, 600, "the accepted mail to be stored")
        figures["many_after_kib"] = settle(d.pid, d.base)
        progress(figures)
        figures["replies"] = replies
        figures["stored"] = d.stored()
        figures["log_tail"] = d.daemon.logs()[-2000:]
        return figures
    finally:
        d.stop()
