# SPDX-License-Identifier: Apache-2.0
"""Starts frontdeskd for black-box tests: a fresh database, a free port, a temp config."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

FRONTDESKD = os.environ.get("FRONTDESKD", "frontdeskd")
PLUGINS = os.environ.get("FRONTDESK_PLUGINS", "")
TEST_PLUGINS = os.environ.get("FRONTDESK_TEST_PLUGINS", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=30.0, what="condition"):
    """Polls `predicate` until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def server_conninfo():
    url = os.environ.get("FRONTDESK_TEST_DATABASE_URL")
    if not url:
        raise AssertionError("FRONTDESK_TEST_DATABASE_URL is not set; run the tests through scripts/test")
    return url


def with_dbname(conninfo, dbname):
    parts = [p for p in conninfo.split() if not p.startswith("dbname=")]
    return " ".join(parts + [f"dbname={dbname}"])


def psql(conninfo, sql):
    out = subprocess.run(["psql", conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


class TestDatabase:
    def __init__(self):
        self.name = "fd_bb_" + uuid.uuid4().hex[:12]
        psql(server_conninfo(), f"CREATE DATABASE {self.name}")
        self.conninfo = with_dbname(server_conninfo(), self.name)

    def query(self, sql):
        return psql(self.conninfo, sql)

    def drop(self):
        psql(server_conninfo(), f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


class HttpResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


def http(method, url, body=None, headers=None, timeout=10):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return HttpResponse(r.status, dict(r.headers), r.read())
    except urllib.error.HTTPError as e:
        return HttpResponse(e.code, dict(e.headers), e.read())


class Daemon:
    """One frontdeskd process with its own config file."""

    def __init__(self, config_text, env=None):
        self.dir = tempfile.mkdtemp(prefix="frontdesk-bb-")
        os.chmod(self.dir, 0o755)
        self.config_path = os.path.join(self.dir, "frontdesk.yaml")
        with open(self.config_path, "w") as f:
            f.write(config_text)
        self.log_path = os.path.join(self.dir, "frontdeskd.log")
        self.env = dict(os.environ, **(env or {}))
        self.proc = None

    def check(self):
        return subprocess.run([FRONTDESKD, "--config", self.config_path, "--check"],
                              capture_output=True, text=True, env=self.env)

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([FRONTDESKD, "--config", self.config_path],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        return self

    def logs(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def wait_healthy(self, base_url, timeout=60):
        def healthy():
            if self.proc.poll() is not None:
                raise AssertionError(f"frontdeskd exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                return http("GET", base_url + "/healthz", timeout=2).status == 200
            except OSError:
                return False
        wait_until(healthy, timeout, "frontdeskd to answer /healthz")

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"frontdeskd did not stop within {timeout}s:\n{self.logs()}")


def config(port, database_url, state_dir=None, plugins_dir=PLUGINS, channels=None, extra=""):
    # A state_dir of its own: the daemon writes there (the status page's static copy, attachments).
    state_dir = state_dir or tempfile.mkdtemp(prefix="frontdesk-state-")
    channels = channels or "  webform: { enabled: true, rate_limit_per_minute: 1000 }\n"
    return (f"listen: 127.0.0.1:{port}\n"
            f"state_dir: {state_dir}\n"
            f"database: {{ url: {json.dumps(database_url)} }}\n"
            f"plugins: {{ dir: {plugins_dir} }}\n"
            f"log: {{ level: debug }}\n"
            f"channels:\n{channels}{extra}")


# Outbox timing for tests that watch retries and dead letters happen.
FAST_OUTBOX = "outbox: { backoff_base: 50ms, backoff_max: 100ms, max_attempts: 3, poll_interval: 200ms }\n"


class RunningDaemon:
    """A daemon on a fresh database, started and healthy; stop() asserts a clean exit."""

    def __init__(self, channels=None, env=None, plugins_dir=PLUGINS, extra="", state_dir=None):
        self.db = TestDatabase()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.state_dir = state_dir
        self.daemon = Daemon(config(self.port, self.db.conninfo, state_dir=state_dir, plugins_dir=plugins_dir,
                                    channels=channels, extra=extra), env=env)
        self.daemon.start().wait_healthy(self.base)

    def stop(self):
        code = self.daemon.stop()
        self.db.drop()
        return code


class NotifySocket:
    """A datagram socket standing in for systemd's NOTIFY_SOCKET. It is world-writable so a
    daemon running as another account (the packaged service user) can report to it."""

    def __init__(self, directory=None):
        directory = directory or tempfile.mkdtemp(prefix="fd-notify-")
        self.path = os.path.join(directory, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        os.chmod(self.path, 0o666)
        self.sock.settimeout(0.2)
        self.messages = []
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while self.running:
            try:
                data = self.sock.recv(4096).decode()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.messages.extend(data.split("\n"))

    def seen(self):
        with self.lock:
            return list(self.messages)

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()
