# SPDX-License-Identifier: Apache-2.0
"""Every word a customer reads on a page comes from the catalogues: the page templates
(web/pages/*.mustache) hold no human text of their own, neither between tags nor in the
attributes people read (alt, title, placeholder, aria-label, an input button's value), and every
message they use is in en.po, es.po and tr.po with the same keys. The channel plugins hold no
pages (the web form answers with the daemon's templates), so this covers every page."""
import glob
import html.parser
import os
import re
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
PAGES = os.path.join(ROOT, "web", "pages")
I18N = os.path.join(ROOT, "web", "i18n")
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label", "summary"}
MUSTACHE = re.compile(r"\{\{\{?[^}]*\}?\}\}")
# What may stand beside the messages: punctuation, symbols, digits.
NOT_WORDS = re.compile(r"^[\s\W\d_]*$")


class TextFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            # An input button shows its value; a <button>'s value is sent, not shown.
            shown_value = name == "value" and tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset")
            readable = name in READ_ATTRIBUTES or shown_value
            if readable and value and not NOT_WORDS.match(MUSTACHE.sub("", value)):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        text = MUSTACHE.sub("", data)
        if not self.skip and not NOT_WORDS.match(text):
            self.found.append(text.strip())


def untranslated(template_text):
    finder = TextFinder()
    finder.feed(template_text)
    finder.close()
    return finder.found


def msgids(locale):
    with open(os.path.join(I18N, f"{locale}.po"), encoding="utf-8") as f:
        return set(re.findall(r'^msgid "(.+)"$', f.read(), re.M))


class UntranslatedText(unittest.TestCase):
    def test_templates_hold_no_text_of_their_own(self):
        templates = sorted(glob.glob(os.path.join(PAGES, "*.mustache")))
        self.assertGreater(len(templates), 10)
        for path in templates:
            with open(path, encoding="utf-8") as f:
                self.assertEqual(untranslated(f.read()), [], os.path.basename(path))

    def test_the_check_finds_text_and_lets_messages_pass(self):
        # Positive controls: literal words are caught wherever people read them...
        self.assertEqual(untranslated("<p>Send request</p>"), ["Send request"])
        self.assertEqual(untranslated('<img alt="Logo" src="{{x}}">'), ["<img alt='Logo'>"])
        self.assertEqual(untranslated('<input placeholder="Search…">'), ["<input placeholder='Search…'>"])
        self.assertEqual(untranslated("<h1>{{t.a}} and {{t.b}}</h1>"), ["and"])
        self.assertEqual(untranslated("<p>Güncelle</p>"), ["Güncelle"])
        self.assertEqual(untranslated('<input type="submit" value="Go">'), ["<input value='Go'>"])
        # ...while messages, data, punctuation and code do not count.
        self.assertEqual(untranslated('<h1>{{t.title}}</h1><p>{{{body}}} · {{count}} (*) 10</p>'), [])
        self.assertEqual(untranslated('<a href="/x" class="brand">{{name}}</a><script>var a = 1;</script>'), [])

    def test_every_message_used_is_in_every_catalogue(self):
        used = set()
        for path in glob.glob(os.path.join(PAGES, "*.mustache")):
            with open(path, encoding="utf-8") as f:
                used |= set(re.findall(r"\{\{[#^/]?t\.([a-z0-9_]+)\}\}", f.read()))
        self.assertGreater(len(used), 50)
        catalogues = {locale: msgids(locale) for locale in ("en", "es", "tr")}
        for locale, keys in catalogues.items():
            self.assertEqual(used - keys, set(), f"{locale}.po lacks these")
        self.assertEqual(catalogues["es"], catalogues["en"])
        self.assertEqual(catalogues["tr"], catalogues["en"])


if __name__ == "__main__":
    unittest.main()
