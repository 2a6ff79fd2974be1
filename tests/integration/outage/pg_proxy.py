# SPDX-License-Identifier: Apache-2.0
"""A TCP proxy in front of the tests' PostgreSQL that a test can cut and restore: cutting
closes the listening socket and every connection through it, as a database that went away
does (connections reset, new ones refused); restoring listens again on the same port."""
import os
import socket
import threading


def _target(conninfo):
    """Where the server is: (AF_UNIX, path) or (AF_INET, (host, port)), from a key=value conninfo."""
    fields = dict(p.split("=", 1) for p in conninfo.split())
    host, port = fields.get("host", "/var/run/postgresql"), int(fields.get("port", "5432"))
    if host.startswith("/"):
        return socket.AF_UNIX, os.path.join(host, f".s.PGSQL.{port}")
    return socket.AF_INET, (host, port)


class PgProxy:
    def __init__(self, conninfo):
        self.family, self.address = _target(conninfo)
        fields = dict(p.split("=", 1) for p in conninfo.split())
        self.port = None
        self.lock = threading.Lock()
        self.sockets = []
        self.listener = None
        self.restore()
        kept = {k: v for k, v in fields.items() if k not in ("host", "port", "hostaddr")}
        self.conninfo = " ".join([f"host=127.0.0.1 port={self.port}"] + [f"{k}={v}" for k, v in kept.items()])

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self.lock:
            listener, self.listener = self.listener, None
            doomed, self.sockets = self.sockets, []
        listener.close()
        for s in doomed:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.socket(self.family)
            try:
                server.connect(self.address)
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.listener is not listener:  # cut meanwhile
                    client.close()
                    server.close()
                    continue
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
