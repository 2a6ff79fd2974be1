# SPDX-License-Identifier: Apache-2.0
"""Docs as code: `frontdesk kb import DIR` and `frontdesk kb export DIR` against a real
PostgreSQL, checked over real HTTP: the shipped starter help center, round trips, idempotence
(no new revision), bad files refused whole, --if-empty, the progress line."""
import json
import os
import pty
import shutil
import subprocess
import tempfile
import unittest

import kb_client  # noqa: F401  (puts the daemon harness on the path)
from daemon_harness import TestDatabase, config, free_port
from kb_client import Kb

CLI = os.environ.get("FRONTDESK_CLI", "frontdesk")
STARTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "kb", "starter")
STARTER_SLUGS = ["contact-email", "contact-live-chat", "contact-sms", "contact-web-form", "contact-whatsapp",
                 "privacy", "ticket-statuses", "welcome"]


def article_file(slug, locale="en", title="A title", body="A body.", **header):
    fields = {"slug": slug, "locale": locale, "title": title, **header}
    lines = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\n{lines}---\n{body}\n"


def write_tree(files):
    root = tempfile.mkdtemp(prefix="fd-kb-tree-")
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


class KbDocs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Kb()
        cls.dir = tempfile.mkdtemp(prefix="fd-kb-docs-")
        cls.config = os.path.join(cls.dir, "frontdesk.yaml")
        with open(cls.config, "w") as f:
            f.write(config(free_port(), cls.api.db.conninfo))
        # The starter help center first, into the empty knowledge base.
        cls.starter = cls.cli("kb", "import", STARTER, "--json")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        assert cls.api.stop() == 0

    @classmethod
    def cli(cls, *args, stderr=subprocess.PIPE):
        return subprocess.run([CLI, *args, "--config", cls.config], stdout=subprocess.PIPE, stderr=stderr,
                              text=True, timeout=120)

    def imported(self, tree, expect=0):
        r = self.cli("kb", "import", tree, "--json")
        self.assertEqual(r.returncode, expect, r.stderr)
        return json.loads(r.stdout) if expect == 0 else r

    def count(self, sql):
        return int(self.api.db.query(sql))

    def test_starter_help_center_in_three_languages(self):
        self.assertEqual(self.starter.returncode, 0, self.starter.stderr)
        counts = json.loads(self.starter.stdout)
        self.assertEqual((counts["created"], counts["categoriesCreated"]), (len(STARTER_SLUGS), 4))
        for slug in STARTER_SLUGS:
            a = self.api.public("GET", f"/kb/articles/{slug}")
            self.assertEqual(a.status, 200, slug)
            locales = sorted(t["locale"] for t in json.loads(a.body)["article"]["translations"])
            self.assertEqual(locales, ["en", "es", "tr"], slug)
        # Searchable, stemmed and accent-folded, in every language.
        self.assertIn("contact-whatsapp", self.api.slugs("whatsapp", "en"))
        self.assertEqual(self.api.slugs("privacidad", "es")[0], "privacy")
        self.assertIn("ticket-statuses", self.api.slugs("talep durumlari", "tr"))
        self.assertIn("contact-sms", self.api.suggest("How do I stop getting text messages?", "en"))
        cats = json.loads(self.api.public("GET", "/kb/categories").body)["categories"]
        names = {c["slug"]: {t["locale"]: t["name"] for t in c["translations"]} for c in cats}
        self.assertEqual(names["getting-started"]["tr"], "Başlarken")

    def test_reimport_and_round_trip_change_nothing(self):
        revisions = self.count("SELECT count(*) FROM kb_revisions")
        again = self.imported(STARTER)
        self.assertEqual((again["created"], again["updated"], again["unchanged"]), (0, 0, len(STARTER_SLUGS)))
        self.assertEqual((again["categoriesCreated"], again["categoriesUpdated"]), (0, 0))
        out = os.path.join(self.dir, "export")
        r = self.cli("kb", "export", out, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreaterEqual(json.loads(r.stdout)["files"], 3 * len(STARTER_SLUGS))
        self.assertTrue(os.path.isfile(os.path.join(out, "es", "privacy.md")))
        back = self.imported(out)
        self.assertEqual((back["created"], back["updated"]), (0, 0))
        self.assertEqual((back["categoriesCreated"], back["categoriesUpdated"]), (0, 0))
        self.assertEqual(self.count("SELECT count(*) FROM kb_revisions"), revisions)
        # An export of what an export imported is the same files.
        out2 = os.path.join(self.dir, "export2")
        self.assertEqual(self.cli("kb", "export", out2).returncode, 0)
        for locale in ("en", "es", "tr"):
            with open(os.path.join(out, locale, "ticket-statuses.md"), encoding="utf-8") as a, \
                 open(os.path.join(out2, locale, "ticket-statuses.md"), encoding="utf-8") as b:
                self.assertEqual(a.read(), b.read())

    def test_a_changed_file_updates_its_article_with_one_revision(self):
        tree = write_tree({"en/refunds.md": article_file("refunds", title="Refunds", body="Within 14 days.",
                                                         tags="[money, refund]"),
                           "es/refunds.md": article_file("refunds", "es", "Reembolsos", "En 14 días.",
                                                         tags="[money, refund]")})
        self.assertEqual(self.imported(tree)["created"], 1)
        before = self.count("SELECT revision FROM kb_articles WHERE slug = 'refunds'")
        with open(os.path.join(tree, "es", "refunds.md"), "w", encoding="utf-8") as f:
            f.write(article_file("refunds", "es", "Reembolsos", "En 30 días.", tags="[money, refund]"))
        changed = self.imported(tree)
        self.assertEqual((changed["created"], changed["updated"], changed["unchanged"]), (0, 1, 0))
        self.assertEqual(self.count("SELECT revision FROM kb_articles WHERE slug = 'refunds'"), before + 1)
        es = json.loads(self.api.public("GET", "/kb/articles/refunds?locale=es").body)["article"]
        self.assertEqual(es["translations"][0]["body"], "En 30 días.")
        self.assertEqual(self.imported(tree)["unchanged"], 1)

    def test_bad_files_import_nothing_and_say_which(self):
        cases = {
            "no header": "Just text.\n",
            "unknown key": article_file("bad-key", colour="blue"),
            "bad locale": article_file("bad-locale", locale="english!"),
            "bad slug": article_file("Bad Slug"),
            "bad status": article_file("bad-status", status="live"),
            "no title": "---\nslug: no-title\nlocale: en\n---\nBody.\n",
            "unclosed header": "---\nslug: open\nlocale: en\ntitle: T\nBody.\n",
            "broken yaml": "---\nslug: [broken\n---\nBody.\n",
            "huge title": article_file("huge", title="x" * 400),
        }
        articles = self.count("SELECT count(*) FROM kb_articles")
        for what, text in cases.items():
            with self.subTest(what):
                tree = write_tree({"good.md": article_file("good-one"), "sub/bad.md": text})
                r = self.imported(tree, expect=1)
                self.assertIn("bad.md", r.stderr)
                self.assertIn("nothing imported", r.stderr)
                self.assertEqual(self.count("SELECT count(*) FROM kb_articles"), articles)

    def test_disagreeing_or_doubled_translations_are_refused(self):
        two = write_tree({"en/a.md": article_file("twice"), "other/a.md": article_file("twice")})
        self.assertIn("a second en translation", self.imported(two, expect=1).stderr)
        mixed = write_tree({"en/m.md": article_file("mixed", status="draft"),
                            "es/m.md": article_file("mixed", "es", status="published")})
        self.assertIn("must be the same in every translation", self.imported(mixed, expect=1).stderr)

    def test_a_refusal_in_the_database_rolls_back_what_was_written(self):
        # "aaa" is written before "zzz" names a category that exists nowhere.
        tree = write_tree({"aaa.md": article_file("aaa-first"),
                           "zzz.md": article_file("zzz-last", category="no-such-category")})
        r = self.imported(tree, expect=1)
        self.assertIn("zzz.md", r.stderr)
        self.assertIn("no-such-category", r.stderr)
        self.assertEqual(self.count("SELECT count(*) FROM kb_articles WHERE slug = 'aaa-first'"), 0)
        missing = self.imported(write_tree({}) + "/nope", expect=1)
        self.assertIn("not a directory", missing.stderr)

    def test_long_imports_show_progress_on_a_terminal(self):
        tree = write_tree({f"bulk/{i:03}.md": article_file(f"bulk-{i:03}", body=f"Bulk article number {i}.")
                           for i in range(60)})
        leader, follower = pty.openpty()
        r = self.cli("kb", "import", tree, stderr=follower)
        os.close(follower)
        seen = b""
        try:
            while True:
                chunk = os.read(leader, 4096)
                if not chunk:
                    break
                seen += chunk
        except OSError:  # the terminal closed
            pass
        os.close(leader)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"importing: 60/60 articles", seen)
        self.assertIn("60 created", r.stdout)


class KbDocsFirstStart(unittest.TestCase):
    """--if-empty (what scripts/run does): imports into an empty base only."""

    def test_if_empty(self):
        db = TestDatabase()
        try:
            d = tempfile.mkdtemp(prefix="fd-kb-first-")
            cfg = os.path.join(d, "frontdesk.yaml")
            with open(cfg, "w") as f:
                f.write(config(free_port(), db.conninfo))
            run = lambda *a: subprocess.run([CLI, *a, "--config", cfg], capture_output=True, text=True,  # noqa: E731
                                            timeout=120)
            self.assertEqual(run("db", "migrate").returncode, 0)
            first = run("kb", "import", "--if-empty", STARTER)
            self.assertEqual(first.returncode, 0, first.stderr)
            self.assertIn(f"{len(STARTER_SLUGS)} created", first.stdout)
            second = run("kb", "import", "--if-empty", STARTER)
            self.assertEqual(second.returncode, 0, second.stderr)
            self.assertIn("nothing imported", second.stdout)
            self.assertEqual(db.query("SELECT count(*) FROM kb_articles"), str(len(STARTER_SLUGS)))
            self.assertEqual(db.query("SELECT count(DISTINCT locale) FROM kb_article_translations"), "3")
        finally:
            db.drop()


if __name__ == "__main__":
    unittest.main()
