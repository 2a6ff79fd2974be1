"""Process lifecycle: sd_notify states, watchdog pings, SIGHUP reload, SIGTERM drain."""
import signal
import threading
import unittest

from daemon_harness import NotifySocket, RunningDaemon, http, wait_until


class LifecycleTest(unittest.TestCase):
    def test_notify_watchdog_reload_and_stop(self):
        notify = NotifySocket()
        d = RunningDaemon(env={"NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "200000"})
        try:
            wait_until(lambda: "READY=1" in notify.seen(), what="READY=1")
            # READY comes after the listener is up: the port answers by then.
            self.assertEqual(http("GET", d.base + "/healthz").status, 200)
            wait_until(lambda: notify.seen().count("WATCHDOG=1") >= 3, what="watchdog pings")

            d.daemon.proc.send_signal(signal.SIGHUP)
            def reloaded():
                seen = notify.seen()
                return "RELOADING=1" in seen and "READY=1" in seen[seen.index("RELOADING=1"):]
            wait_until(reloaded, what="RELOADING=1 then READY=1")
            self.assertEqual(http("GET", d.base + "/healthz").status, 200)
        finally:
            self.assertEqual(d.stop(), 0)
            self.assertIn("STOPPING=1", notify.seen())
            notify.close()

    def test_reload_names_the_settings_that_wait_for_a_restart(self):
        d = RunningDaemon()
        try:
            path = d.daemon.config_path
            with open(path) as f:
                text = f.read()
            secret = "rotated-secret-0123456789"
            with open(path, "w") as f:
                f.write(text.replace("level: debug", "level: info")
                        + f"  sms: {{ enabled: false, auth_token: {secret} }}\nthreads: 3\n")
            d.daemon.proc.send_signal(signal.SIGHUP)
            wait_until(lambda: "threads changed; it takes effect after a restart" in d.daemon.logs(),
                       what="the reload's report")
            logs = d.daemon.logs()
            self.assertIn("reload: channels.sms changed; it takes effect after a restart", logs)
            self.assertNotIn("reload: log changed", logs)  # applied by the reload itself
            self.assertNotIn(secret, logs)
            self.assertEqual(http("GET", d.base + "/healthz").status, 200)
        finally:
            self.assertEqual(d.stop(), 0)

    def test_sigterm_lets_in_flight_requests_finish(self):
        d = RunningDaemon()
        results = []
        lock = threading.Lock()
        def post():
            try:
                status = http("POST", d.base + "/api/v1/support/tickets",
                              '{"name":"A","email":"a@example.com","subject":"s","description":"d"}',
                              {"Content-Type": "application/json"}).status
            except OSError:
                status = "refused"
            with lock:
                results.append(status)
        threads = [threading.Thread(target=post) for _ in range(30)]
        for t in threads:
            t.start()
        wait_until(lambda: len(results) >= 1, what="a first answer")
        code = d.daemon.stop()
        for t in threads:
            t.join()
        try:
            self.assertEqual(code, 0, d.daemon.logs())
            # A request read after the plugins stopped is refused with 503 (retry later),
            # as is a connection made after the listener closed.
            self.assertTrue(all(r in (201, 503, "refused") for r in results), results)
            # Every acknowledged ticket is stored, and nothing was stored unacknowledged.
            self.assertEqual(int(d.db.query("SELECT count(*) FROM tickets")), results.count(201))
        finally:
            d.db.drop()


if __name__ == "__main__":
    unittest.main()
