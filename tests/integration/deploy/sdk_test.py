# SPDX-License-Identifier: Apache-2.0
"""The installed plugin SDK: a channel plugin built out of tree loads into frontdeskd."""
import os
import subprocess
import textwrap
import unittest

from deploy_support import PREFIX, VERSION, run, stage_install, staged

PLUGIN_SOURCE = textwrap.dedent("""\
    #include <frontdesk/plugin.hpp>

    #include <string>

    class EchoPlugin final : public frontdesk::sdk::Plugin {
     public:
      EchoPlugin(frontdesk::sdk::Host& host, std::string_view) {
        host.route("GET", "/echo/:word", 0,
                   [](const frontdesk::sdk::Request& request, frontdesk::sdk::Responder out) {
                     out.send(frontdesk::sdk::Response::text(200, std::string(request.param(0))));
                   });
      }
    };

    static const fd_config_key kEchoKeys[] = {
        {"greeting", FD_CONFIG_STRING, "\\"hello\\"", "What the plugin says first"}};
    FRONTDESK_PLUGIN(EchoPlugin, "echo", "1.0.0", kEchoKeys)
    """)

PLUGIN_CMAKE = textwrap.dedent("""\
    cmake_minimum_required(VERSION 3.25)
    project(echo_plugin LANGUAGES CXX)
    find_package(Frontdesk {version} REQUIRED)
    add_library(echo MODULE echo.cpp)
    set_target_properties(echo PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden)
    target_link_libraries(echo PRIVATE frontdesk::sdk)
    """)


class SdkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.root = stage_install()
        cls.work = cls.tmp.name
        cls.frontdeskd = staged(cls.root, f"{PREFIX}/bin/frontdeskd")
        with open(os.path.join(cls.work, "echo.cpp"), "w") as f:
            f.write(PLUGIN_SOURCE)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def project(self, name, version):
        src = os.path.join(self.work, name)
        os.makedirs(src)
        os.symlink(os.path.join(self.work, "echo.cpp"), os.path.join(src, "echo.cpp"))
        with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
            f.write(PLUGIN_CMAKE.format(version=version))
        return src

    def configure(self, src):
        return subprocess.run(["cmake", "-S", src, "-B", src + "/build", "-G", "Ninja",
                               f"-DCMAKE_PREFIX_PATH={staged(self.root, PREFIX)}"],
                              capture_output=True, text=True)

    def check(self, plugins_dir, channel_yaml):
        config = os.path.join(plugins_dir, "frontdesk.yaml")
        with open(config, "w") as f:
            f.write(f"plugins: {{ dir: {plugins_dir} }}\nchannels:\n  webform: {{ enabled: false }}\n"
                    f"  echo: {channel_yaml}\n")
        return subprocess.run([self.frontdeskd, "--check", "--config", config], capture_output=True, text=True)

    def test_cmake_package_builds_a_plugin_that_frontdeskd_loads(self):
        src = self.project("cmake-plugin", VERSION)
        r = self.configure(src)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        run(["cmake", "--build", src + "/build"])
        out_dir = src + "/build"
        self.assertTrue(os.path.exists(os.path.join(out_dir, "echo.so")))
        symbols = run(["nm", "-D", "--defined-only", os.path.join(out_dir, "echo.so")]).stdout
        self.assertEqual([l.split()[-1] for l in symbols.splitlines() if " T " in l], ["frontdesk_plugin"])

        r = self.check(out_dir, '{ enabled: true, greeting: "hi" }')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("configuration OK (channels: echo)", r.stdout)
        # The keys the plugin declares are the ones frontdeskd accepts.
        r = self.check(out_dir, '{ enabled: true, greetings: "hi" }')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("greetings", r.stderr)
        self.assertIn("greeting", r.stderr.replace("greetings", ""))

    def test_cmake_package_refuses_an_incompatible_version(self):
        r = self.configure(self.project("too-new", "99.0"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Frontdesk", r.stderr)

    def test_pkg_config_file_builds_a_plugin(self):
        pc_dir = staged(self.root, f"{PREFIX}/share/pkgconfig")
        env = {**os.environ, "PKG_CONFIG_PATH": pc_dir}
        # --define-prefix: the staged tree is not at /usr yet.
        cflags = run(["pkg-config", "--define-prefix", "--cflags", "frontdesk"], env=env).stdout.split()
        self.assertEqual(cflags, ["-I" + staged(self.root, f"{PREFIX}/include")])
        self.assertEqual(run(["pkg-config", "--modversion", "frontdesk"], env=env).stdout.strip(), VERSION)
        out_dir = os.path.join(self.work, "pc-plugin")
        os.makedirs(out_dir)
        run(["c++", "-std=c++20", "-fPIC", "-shared", "-fvisibility=hidden", *cflags,
             os.path.join(self.work, "echo.cpp"), "-o", os.path.join(out_dir, "echo.so")])
        r = self.check(out_dir, "{ enabled: true }")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("channels: echo", r.stdout)


if __name__ == "__main__":
    unittest.main()
