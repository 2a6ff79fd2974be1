# SPDX-License-Identifier: Apache-2.0
"""Plugin loading: the ABI check, missing entry points, and config keys a plugin declares."""
import os
import unittest

from daemon_harness import TEST_PLUGINS, Daemon, RunningDaemon, config, free_port, http


class PluginLoadingTest(unittest.TestCase):
    def daemon_with(self, channels, plugins_dir=TEST_PLUGINS):
        return Daemon(config(free_port(), "host=/nonexistent dbname=none", plugins_dir=plugins_dir,
                             channels=channels))

    def test_wrong_abi_version_is_refused_naming_file_and_versions(self):
        d = self.daemon_with("  webform: { enabled: false }\n  bad_abi: { enabled: true }\n")
        for result in (d.check(), d.start().proc):
            if hasattr(result, "wait"):
                code = result.wait(30)
                output = d.logs()
            else:
                code, output = result.returncode, result.stderr
            self.assertEqual(code, 1, output)
            self.assertIn(os.path.join(TEST_PLUGINS, "bad_abi.so"), output)
            self.assertIn("ABI version 101", output)
            self.assertIn("host's ABI version 1", output)

    def test_library_without_entry_point_is_refused(self):
        d = self.daemon_with("  webform: { enabled: false }\n  no_entry: { enabled: true }\n")
        r = d.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("no_entry.so: not a Frontdesk plugin", r.stderr)

    def test_missing_plugin_for_enabled_channel_is_an_error(self):
        d = self.daemon_with("  webform: { enabled: false }\n  carrier_pigeon: { enabled: true }\n")
        r = d.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("channels.carrier_pigeon", r.stderr)
        self.assertIn("carrier_pigeon.so: no such plugin file", r.stderr)

    def test_unknown_plugin_key_lists_valid_keys_with_line(self):
        d = Daemon(config(free_port(), "", channels="  webform: { enabled: true, rate_limt: 5 }\n"))
        r = d.check()
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"frontdesk\.yaml:\d+: .*rate_limt")
        self.assertIn("rate_limit_per_minute", r.stderr)

    def test_check_passes_on_good_config(self):
        d = Daemon(config(free_port(), ""))
        r = d.check()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("webform", r.stdout)

    def test_unknown_top_level_key_names_file_and_line(self):
        d = Daemon(config(free_port(), "", extra="listn: 1\n"))
        r = d.check()
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"frontdesk\.yaml:\d+: unknown key 'listn'")


class PluginRoutesTest(unittest.TestCase):
    def test_plugin_routes_exist_only_when_enabled(self):
        d = RunningDaemon(channels="  webform: { enabled: false }\n")
        try:
            self.assertEqual(http("GET", d.base + "/support/new").status, 404)
        finally:
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()


class ExamplePluginTest(unittest.TestCase):
    """docs/examples/echo_plugin.cpp, loaded by the daemon, end to end."""

    def test_echo_plugin_threads_messages_and_dedups(self):
        d = RunningDaemon(channels="  webform: { enabled: false }\n  echo: { enabled: true, greeting: hi }\n",
                          plugins_dir=TEST_PLUGINS)
        try:
            def post(mid, body):
                return http("POST", d.base + "/webhooks/echo", body,
                            {"X-Echo-Id": mid, "X-Echo-From": "eve@example.com"})
            first = post("1", "hello")
            self.assertEqual(first.status, 200, first.body)
            self.assertRegex(first.body.decode(), r"^TKT-\d+-\d{6}$")
            self.assertEqual(post("2", "again").body, first.body)
            self.assertEqual(post("2", "again").status, 200)
            self.assertEqual(d.db.query("SELECT count(*) FROM messages"), "2")
            self.assertEqual(post("3", b"not UTF-8 \xff").status, 400)
        finally:
            self.assertEqual(d.stop(), 0)
