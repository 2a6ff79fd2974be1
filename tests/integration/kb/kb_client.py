# SPDX-License-Identifier: Apache-2.0
"""A running frontdeskd for the knowledge-base suites, with article helpers."""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))

from api_client import ADMIN_TOKEN, Api  # noqa: E402,F401


class Kb(Api):
    def article(self, slug, translations, status="published", visibility="public", **extra):
        body = {"slug": slug, "status": status, "visibility": visibility,
                "translations": [{"locale": l, "title": t, "body": b} for l, t, b in translations]}
        body.update(extra)
        return self.call("POST", "/kb/articles", body, expect=201)["article"]

    def public(self, method, path, body=None, visitor=None):
        headers = {"Cookie": f"fd_visitor={visitor}"} if visitor else None
        return self.raw(method, path, body, token=None, headers=headers)

    def search(self, q, locale=None, token=None, expect=200, **params):
        params = dict(params, q=q)
        if locale:
            params["locale"] = locale
        r = self.raw("GET", "/kb/articles?" + urllib.parse.urlencode(params), token=token)
        if r.status != expect:
            raise AssertionError(f"search {q!r}: expected {expect}, got {r.status}: {r.body[:300]!r}")
        return json.loads(r.body)

    def slugs(self, q, locale=None, token=None, **params):
        return [a["slug"] for a in self.search(q, locale, token, **params)["articles"]]

    def suggest(self, text, locale=None, token=None):
        params = {"text": text}
        if locale:
            params["locale"] = locale
        r = self.raw("GET", "/kb/suggest?" + urllib.parse.urlencode(params), token=token)
        assert r.status == 200, r.body
        return [a["slug"] for a in json.loads(r.body)["articles"]]
