# SPDX-License-Identifier: Apache-2.0
"""Process lifecycle: sd_notify states, watchdog pings, SIGHUP reload (rotated secrets applied,
other changes named), SIGTERM drain."""
import hashlib
import hmac
import json
import signal
import threading
import unittest
import urllib.parse

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

    def test_reload_applies_rotated_channel_secrets(self):
        old, new = "app-secret-before-0123", "app-secret-after-4567"
        channels = ("  webform: { enabled: true, rate_limit_per_minute: 1000 }\n"
                    "  whatsapp: { enabled: true, phone_number_id: '1065', access_token: token-before,\n"
                    f"              app_secret: {old}, verify_token: verify-before, api_base: 'http://127.0.0.1:9' }}\n")
        d = RunningDaemon(channels=channels)
        body = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()

        def post(secret):
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            return http("POST", d.base + "/webhooks/whatsapp", body,
                        {"Content-Type": "application/json", "X-Hub-Signature-256": signature}).status

        def handshake(token):
            query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "42"})
            return http("GET", f"{d.base}/webhooks/whatsapp?{query}").status

        try:
            self.assertEqual((post(old), post(new)), (200, 401))
            self.assertEqual((handshake("verify-before"), handshake("verify-after")), (200, 403))
            path = d.daemon.config_path
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text.replace(old, new).replace("verify-before", "verify-after")
                        .replace("token-before", "token-after"))
            d.daemon.proc.send_signal(signal.SIGHUP)
            wait_until(lambda: "reload: channels.whatsapp: app_secret, verify_token, access_token applied"
                       in d.daemon.logs(), what="the secrets to be applied")
            # Taken without a restart: the new secret signs, the old one no longer does.
            self.assertEqual((post(old), post(new)), (401, 200))
            self.assertEqual((handshake("verify-before"), handshake("verify-after")), (403, 200))
            logs = d.daemon.logs()
            self.assertNotIn("channels.whatsapp changed", logs)
            for secret in (old, new, "verify-after", "token-after"):
                self.assertNotIn(secret, logs)
            # A setting that is not a secret still waits for a restart, and is said to.
            with open(path, "w") as f:
                f.write(text.replace(old, new).replace("http://127.0.0.1:9", "http://127.0.0.1:10"))
            d.daemon.proc.send_signal(signal.SIGHUP)
            wait_until(lambda: "reload: channels.whatsapp changed; it takes effect after a restart" in d.daemon.logs(),
                       what="the report of what waits")
            self.assertEqual(post(new), 200)
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
