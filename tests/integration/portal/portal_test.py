# SPDX-License-Identifier: Apache-2.0
"""The customer portal (/portal/) as a browser without JavaScript uses it: the mailed link
and its button, the tickets of every channel, the conversation without internal notes,
replies with files, close, reopen and rate; CSRF, other customers' tickets and XSS refused
or escaped — against the real daemon over HTTP."""
import html
import http.client
import json
import os
import re
import sys
import unittest
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))

from api_client import ADMIN_TOKEN, Api  # noqa: E402
from daemon_harness import http as http_call  # noqa: E402


def multipart(fields, files):
    boundary = "----portal" + uuid.uuid4().hex
    out = b""
    for name, value in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").encode() + \
            value.encode() + b"\r\n"
    for name, filename, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{filename}\"\r\nContent-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


class Page:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body
        self.body = body.decode("utf-8", errors="replace")

    def location(self):
        return self.headers.get("Location")


class Browser:
    """A browser with JavaScript off: keeps its cookies, follows no redirect by itself."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        u = urllib.parse.urlparse(self.base)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        c.request(method, path, body, h)
        r = c.getresponse()
        data = r.read()
        for value in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.split(";")[0].partition("=")
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest
        c.close()
        return Page(r.status, r.headers, data)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=None, origin=None):
        if files:
            body, ctype = multipart(fields, files)
        else:
            body, ctype = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": ctype, "Origin": origin or self.base})


def csrf_of(page):
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body)
    return m.group(1) if m else None


class PortalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Api()
        cls.base = cls.api.d.base

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def mailed_token(self, email, before):
        body = self.api.db.query(f"SELECT body FROM outbox WHERE id > {before} AND to_value = lower('{email}') "
                                 "ORDER BY id DESC LIMIT 1")
        m = re.search(r"/portal/sign-in\?token=(\S+)", body or "")
        return m.group(1) if m else None

    def ask_for_link(self, browser, email):
        before = int(self.api.db.query("SELECT coalesce(max(id), 0) FROM outbox"))
        r = browser.post("/portal/sign-in-link", {"email": email})
        self.assertEqual(r.status, 303)
        return r, self.mailed_token(email, before)

    def signed_in(self, email):
        browser = Browser(self.base)
        _, token = self.ask_for_link(browser, email)
        self.assertIsNotNone(token, f"a link was mailed to {email}")
        r = browser.post("/portal/sign-in", {"token": token})
        self.assertEqual((r.status, r.location()), (303, "/portal/"), r.body[:300])
        return browser

    def ticket_page(self, browser, ticket_id):
        page = browser.get(f"/portal/tickets/{ticket_id}")
        self.assertEqual(page.status, 200, page.body[:300])
        return page

    def test_a_link_request_shows_the_same_page_for_known_and_unknown_addresses(self):
        self.api.customer("link.known@example.com")
        browser = Browser(self.base)
        form = browser.get("/portal/")
        self.assertEqual(form.status, 200)
        self.assertIn('action="/portal/sign-in-link"', form.body)
        known, token = self.ask_for_link(browser, "Link.Known@example.com")
        unknown, none = self.ask_for_link(browser, "nobody.here@example.com")
        self.assertIsNotNone(token, "the known address got a mail with the link")
        self.assertIsNone(none, "the unknown one got nothing")
        self.assertEqual(known.location(), unknown.location())
        shown = browser.get(known.location())
        self.assertEqual(shown.status, 200)
        self.assertIn("If the address is known to us, a sign-in link is on its way", shown.body)

    def test_the_link_page_does_not_use_the_token_and_its_button_signs_in_once(self):
        self.api.customer("button.once@example.com")
        browser = Browser(self.base)
        _, token = self.ask_for_link(browser, "button.once@example.com")
        for _ in range(2):  # a mail scanner, then the person
            page = browser.get(f"/portal/sign-in?token={token}")
            self.assertEqual(page.status, 200)
            self.assertIn(f'name="token" value="{token}"', page.body)
            self.assertEqual(page.headers.get("Referrer-Policy"), "same-origin")
        self.assertNotIn("fd_portal", browser.cookies)
        self.assertEqual(self.api.db.query("SELECT count(*) FROM sign_in_links WHERE used_at IS NOT NULL AND "
                                           "customer_id = (SELECT customer_id FROM customer_identities "
                                           "WHERE value = 'button.once@example.com')"), "0")
        r = browser.post("/portal/sign-in", {"token": token})
        self.assertEqual((r.status, r.location()), (303, "/portal/"))
        set_cookie = r.headers.get("Set-Cookie")
        for attribute in ("fd_portal=", "HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(attribute, set_cookie)
        self.assertIn("My requests", browser.get("/portal/").body)
        again = Browser(self.base).post("/portal/sign-in", {"token": token})
        self.assertEqual(again.status, 410, "a link works once")
        self.assertIn("used already or has expired", again.body)
        self.assertIn('action="/portal/sign-in-link"', again.body, "the e-mail form again")

    def test_an_expired_link_shows_the_form_again(self):
        self.api.customer("late.link@example.com")
        browser = Browser(self.base)
        _, token = self.ask_for_link(browser, "late.link@example.com")
        self.api.db.query("UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL")
        r = browser.post("/portal/sign-in", {"token": token})
        self.assertEqual(r.status, 410)
        self.assertIn('action="/portal/sign-in-link"', r.body)
        self.assertNotIn("fd_portal", browser.cookies)

    def test_a_sign_in_form_from_another_site_is_refused(self):
        self.api.customer("cross.site@example.com")
        browser = Browser(self.base)
        _, token = self.ask_for_link(browser, "cross.site@example.com")
        r = browser.post("/portal/sign-in", {"token": token}, origin="https://evil.example")
        self.assertEqual(r.status, 403)
        self.assertNotIn("fd_portal", browser.cookies)

    def test_the_list_shows_only_my_tickets_from_every_channel_newest_first(self):
        _, token = self.api.customer("every.channel@example.com")
        by_api = self.api.ticket(token, subject="Asked through the app")
        self.api.settle()  # rules on the first ticket are done: the web form's is the newest activity
        form = http_call("POST", self.base + "/api/v1/support/tickets",
                         json.dumps({"name": "Eve Channel", "email": "Every.Channel@example.com",
                                     "subject": "Asked through the web form", "description": "Hello",
                                     "category": "payment"}), {"Content-Type": "application/json"})
        self.assertEqual(form.status, 201, form.body)
        _, other = self.api.customer("someone.else@example.com")
        self.api.ticket(other, subject="Someone else's problem")
        browser = self.signed_in("every.channel@example.com")
        page = browser.get("/portal/")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.headers.get("Cache-Control"), "no-store")
        self.assertNotIn("Someone else", page.body)
        web_at, api_at = page.body.find("Asked through the web form"), page.body.find("Asked through the app")
        self.assertTrue(0 < web_at < api_at, "both, the newest first")
        self.assertIn("Web form", page.body)
        self.assertIn(by_api["ticketNumber"], page.body)

    def test_another_customers_ticket_is_not_found_and_takes_no_reply(self):
        _, theirs = self.api.customer("owner.other@example.com")
        other = self.api.ticket(theirs, subject="Private matter")
        self.api.customer("curious@example.com")
        browser = self.signed_in("curious@example.com")
        csrf = csrf_of(browser.get("/portal/"))
        before = self.api.snapshot()
        page = browser.get(f"/portal/tickets/{other['id']}")
        self.assertEqual(page.status, 404)
        self.assertNotIn("Private matter", page.body)
        self.assertEqual(browser.get(f"/portal/tickets/{other['ticketNumber']}").status, 404)
        r = browser.post(f"/portal/tickets/{other['id']}/reply", {"csrf": csrf, "message": "let me in"})
        self.assertEqual(r.status, 404)
        for action in ("close", "reopen"):
            self.assertEqual(browser.post(f"/portal/tickets/{other['id']}/{action}", {"csrf": csrf}).status, 404)
        self.assertEqual(self.api.snapshot(), before)
        self.assertEqual(Browser(self.base).get(f"/portal/tickets/{other['id']}").location(), "/portal/",
                         "signed out: the sign-in form")

    def test_a_reply_is_stored_as_the_customers_and_internal_notes_stay_hidden(self):
        _, token = self.api.customer("replier@example.com")
        ticket = self.api.ticket(token, subject="Replying", description="First words")
        self.api.call("POST", f"/tickets/{ticket['id']}/messages",
                      {"message": "Internal: customer is a VIP", "isInternal": True}, expect=201)
        self.api.call("POST", f"/tickets/{ticket['id']}/messages", {"message": "We are on it.\nSecond line."},
                      expect=201)
        browser = self.signed_in("replier@example.com")
        page = self.ticket_page(browser, ticket["id"])
        self.assertIn("First words", page.body)
        self.assertIn("We are on it.\nSecond line.", page.body, "line breaks kept in the text, shown by CSS")
        self.assertNotIn("VIP", page.body)
        csrf = csrf_of(page)
        before = self.api.snapshot()
        self.assertEqual(browser.post(f"/portal/tickets/{ticket['id']}/reply", {"message": "no token"}).status, 403)
        self.assertEqual(browser.post(f"/portal/tickets/{ticket['id']}/reply",
                                      {"message": "wrong token", "csrf": "0" * 64}).status, 403)
        self.assertEqual(browser.post(f"/portal/tickets/{ticket['id']}/reply", {"message": "elsewhere", "csrf": csrf},
                                      origin="https://evil.example").status, 403)
        self.assertEqual(self.api.snapshot(), before, "refused: nothing stored")
        r = browser.post(f"/portal/tickets/{ticket['id']}/reply", {"message": "Thanks, still broken", "csrf": csrf})
        self.assertEqual((r.status, r.location()), (303, f"/portal/tickets/{ticket['id']}?done=replied"))
        row = self.api.db.query("SELECT author_kind || ':' || is_internal || ':' || direction FROM messages "
                                f"WHERE ticket_id = {ticket['id']} AND body = 'Thanks, still broken'")
        self.assertEqual(row, "customer:false:inbound")
        shown = browser.get(r.location())
        self.assertIn("Your reply was sent.", shown.body)
        self.assertIn("Thanks, still broken", shown.body)

    def test_a_reply_with_attachments_and_their_download(self):
        _, token = self.api.customer("attacher@example.com")
        ticket = self.api.ticket(token, subject="Screenshot attached")
        browser = self.signed_in("attacher@example.com")
        csrf = csrf_of(self.ticket_page(browser, ticket["id"]))
        png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
               + bytes(range(256)) * 4)
        page_html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
        r = browser.post(f"/portal/tickets/{ticket['id']}/reply", {"message": "See the picture", "csrf": csrf},
                         files=[("files", "C:\\Users\\me\\screen shot.png", "text/html", png),
                                ("files", "notes.txt", "text/plain", b"<b>not html</b>"),
                                ("files", "../../\x01photo.png", "image/png", page_html)])
        self.assertEqual(r.status, 303, r.body[:300])
        # Names made safe; types read from the bytes, whatever the browser claimed.
        stored = self.api.db.query("SELECT string_agg(a.filename || ':' || a.size || ':' || a.content_type, ',' "
                                   "ORDER BY a.id) FROM attachments a "
                                   f"JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = {ticket['id']}")
        self.assertEqual(stored, f"screen shot.png:{len(png)}:image/png,notes.txt:15:text/plain,"
                                 f"photo.png:{len(page_html)}:text/html")
        page = self.ticket_page(browser, ticket["id"])
        links = re.findall(rf'href="(/portal/tickets/{ticket["id"]}/attachments/\d+)">([^<]+)<', page.body)
        self.assertEqual([name for _, name in links], ["screen shot.png", "notes.txt", "photo.png"])
        # An HTML page is only ever a download, never rendered in the portal's origin.
        active = browser.get(links[2][0])
        self.assertEqual(active.raw, page_html)
        self.assertEqual(active.headers["Content-Type"], "application/octet-stream")
        self.assertTrue(active.headers["Content-Disposition"].startswith('attachment; filename="photo.png"'))
        self.assertEqual(active.headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", active.headers["Content-Security-Policy"])
        got = browser.get(links[0][0])
        self.assertEqual(got.status, 200)
        self.assertEqual(got.raw, png)
        self.assertTrue(got.headers["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(got.headers["Content-Type"], "application/octet-stream")
        self.api.customer("not.the.owner@example.com")
        self.assertEqual(self.signed_in("not.the.owner@example.com").get(links[0][0]).status, 404)
        too_big = browser.post(f"/portal/tickets/{ticket['id']}/reply", {"message": "huge", "csrf": csrf},
                               files=[("files", "big.bin", "application/octet-stream", b"x" * (10 * 1024 * 1024 + 1))])
        self.assertEqual(too_big.status, 413)

    def test_close_rate_and_reopen(self):
        _, token = self.api.customer("closer@example.com")
        ticket = self.api.ticket(token, subject="Done soon")
        browser = self.signed_in("closer@example.com")
        page = self.ticket_page(browser, ticket["id"])
        self.assertNotIn("/rate", page.body, "no rating before it is resolved or closed")
        csrf = csrf_of(page)
        r = browser.post(f"/portal/tickets/{ticket['id']}/close", {"csrf": csrf})
        self.assertEqual((r.status, r.location()), (303, f"/portal/tickets/{ticket['id']}?done=closed"))
        self.assertEqual(self.api.db.query(f"SELECT status FROM tickets WHERE id = {ticket['id']}"), "closed")
        self.assertEqual(self.api.db.query(f"SELECT actor_kind FROM audit_events WHERE ticket_id = {ticket['id']} "
                                           "AND event = 'status.changed' ORDER BY id DESC LIMIT 1"), "customer")
        page = browser.get(r.location())
        self.assertIn("/reopen", page.body)
        self.assertIn('name="rating"', page.body)
        r = browser.post(f"/portal/tickets/{ticket['id']}/rate", {"csrf": csrf, "rating": "5", "comment": "Quick!"})
        self.assertEqual((r.status, r.location()), (303, f"/portal/tickets/{ticket['id']}?done=rated"))
        self.assertEqual(self.api.db.query(f"SELECT rating || ':' || feedback FROM surveys WHERE ticket_id = {ticket['id']}"),
                         "5:Quick!")
        page = browser.get(r.location())
        self.assertIn("You rated this request 5 out of 5", page.body)
        self.assertNotIn('name="rating"', page.body, "rated once")
        again = browser.post(f"/portal/tickets/{ticket['id']}/rate", {"csrf": csrf, "rating": "1"})
        self.assertEqual(again.location(), f"/portal/tickets/{ticket['id']}?error=conflict")
        r = browser.post(f"/portal/tickets/{ticket['id']}/reopen", {"csrf": csrf})
        self.assertEqual((r.status, r.location()), (303, f"/portal/tickets/{ticket['id']}?done=reopened"))
        self.assertEqual(self.api.db.query(f"SELECT status FROM tickets WHERE id = {ticket['id']}"), "reopened")

    def test_sign_out_ends_the_session(self):
        self.api.customer("leaver@example.com")
        browser = self.signed_in("leaver@example.com")
        cookie = browser.cookies["fd_portal"]
        csrf = csrf_of(browser.get("/portal/"))
        self.assertEqual(browser.post("/portal/sign-out", {}).status, 403, "sign-out needs the CSRF token too")
        r = browser.post("/portal/sign-out", {"csrf": csrf})
        self.assertEqual((r.status, r.location()), (303, "/portal/?shown=signed_out"))
        self.assertNotIn("fd_portal", browser.cookies)
        replay = Browser(self.base)
        replay.cookies["fd_portal"] = cookie
        page = replay.get("/portal/")
        self.assertIn('action="/portal/sign-in-link"', page.body, "the old cookie signs nobody in")

    def test_markup_in_subjects_and_messages_is_shown_as_text(self):
        _, token = self.api.customer("xss@example.com")
        ticket = self.api.ticket(token, subject="<script>alert('s')</script>",
                                 description="<img src=x onerror=alert(1)> & \"quotes\"")
        browser = self.signed_in("xss@example.com")
        for page in (browser.get("/portal/"), self.ticket_page(browser, ticket["id"])):
            self.assertNotIn("<script>alert", page.body)
            self.assertNotIn("<img src=x", page.body)
            self.assertIn(html.escape("<script>alert('s')</script>", quote=False).replace("'", "&apos;"), page.body)
            self.assertIn("script-src 'self'", page.headers["Content-Security-Policy"])
        self.assertIn("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;",
                      self.ticket_page(browser, ticket["id"]).body)

    def test_pages_in_spanish_and_turkish(self):
        self.api.customer("idiomas@example.com")
        browser = self.signed_in("idiomas@example.com")
        es = browser.request("GET", "/portal/", headers={"Accept-Language": "es-ES,es;q=0.9"})
        self.assertEqual(es.headers["Content-Language"], "es")
        self.assertIn("Mis solicitudes", es.body)
        tr = browser.get("/portal/?lang=tr")
        self.assertIn("Taleplerim", tr.body)
        self.assertIn('action="/portal/sign-out?lang=tr"', tr.body)


if __name__ == "__main__":
    unittest.main()
