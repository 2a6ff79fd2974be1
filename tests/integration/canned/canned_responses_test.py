# SPDX-License-Identifier: Apache-2.0
"""Canned responses over real HTTP: the JSON, who sees and who changes which (agent, team
member, owner, admin, customer), shortcut clashes, filters, and refusals that change nothing."""
import unittest
import urllib.parse

from canned_client import ADMIN_TOKEN, Desk


class CannedResponses(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api = Desk()
        cls.ann, cls.ann_token = cls.api.agent("Ann Agent")
        cls.bob, cls.bob_token = cls.api.agent("Bob Agent")
        cls.cy, cls.cy_token = cls.api.agent("Cy Agent")
        cls.billing = cls.api.team("billing", cls.ann, cls.cy)
        cls.tech = cls.api.team("tech", cls.bob)
        _, cls.customer_token = cls.api.customer("cust@example.com")

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def status(self, method, path, token, body=None):
        return self.api.raw(method, path, body, token).status

    def refused(self, status, token, body, method="POST", path="/canned-responses"):
        """Asserts the call answers `status` and changes nothing; returns the error message."""
        before = self.api.canned_state()
        r = self.api.raw(method, path, body, token)
        self.assertEqual(r.status, status, r.body[:300])
        self.assertEqual(self.api.canned_state(), before)
        return r.json()["error"]["message"]

    def test_the_json_and_a_personal_response_seen_by_its_owner_only(self):
        c = self.api.canned(self.ann_token, "json-shape", {"en": "Hi {{customer.first_name}}", "es": "Hola"},
                            title="Greeting")
        self.assertEqual(c["shortcut"], "json-shape")
        self.assertEqual(c["title"], "Greeting")
        self.assertEqual(c["scope"], "personal")
        self.assertEqual(c["ownerId"], self.ann["id"])
        self.assertNotIn("teamId", c)
        self.assertEqual(c["translations"], {"en": "Hi {{customer.first_name}}", "es": "Hola"})
        self.assertEqual(c["usage"], {"lastHour": 0, "lastDay": 0, "lastWeek": 0, "lastMonth": 0,
                                      "lastUsedAt": None})
        path = f"/canned-responses/{c['id']}"
        self.assertEqual(self.api.call("GET", path, token=self.ann_token)["cannedResponse"], c)
        self.assertEqual(self.status("GET", path, self.bob_token), 404)  # another agent's: as absent
        self.assertEqual(self.status("GET", path, self.customer_token), 403)
        self.assertEqual(self.status("GET", path, None), 401)
        self.assertEqual(self.status("GET", path, ADMIN_TOKEN), 200)
        self.assertEqual(self.status("GET", "/canned-responses/999999", ADMIN_TOKEN), 404)

    def test_scope_rights(self):
        body = {"shortcut": "rights", "title": "Rights", "translations": {"en": "x"}}
        self.assertIn("only an admin", self.refused(403, self.ann_token, dict(body, scope="global")))
        self.assertIn("only members of team", self.refused(403, self.ann_token, dict(body, scope="team", teamId=self.tech)))
        self.assertIn("teamId is required", self.refused(422, self.ann_token, dict(body, scope="team")))
        self.assertIn("teamId is only for scope team", self.refused(422, self.ann_token, dict(body, teamId=self.billing)))
        self.assertIn("no team 424242", self.refused(422, ADMIN_TOKEN, dict(body, scope="team", teamId=424242)))
        # The bootstrap admin is no agent: it has no personal responses.
        self.assertIn("belongs to an agent", self.refused(422, ADMIN_TOKEN, body))
        self.assertEqual(self.refused(403, self.customer_token, body), "a customer token may not use this endpoint")
        team = self.api.canned(self.ann_token, "rights-team", {"en": "team"}, scope="team", teamId=self.billing)
        self.assertEqual(team["teamId"], self.billing)
        # Team members see it; others do not.
        self.assertEqual(self.status("GET", f"/canned-responses/{team['id']}", self.cy_token), 200)
        self.assertEqual(self.status("GET", f"/canned-responses/{team['id']}", self.bob_token), 404)
        glob = self.api.canned(ADMIN_TOKEN, "rights-global", {"en": "all"}, scope="global")
        self.assertIsNone(glob["ownerId"])
        for token in (self.ann_token, self.bob_token, self.cy_token):
            self.assertEqual(self.status("GET", f"/canned-responses/{glob['id']}", token), 200)
        # The admin may make a team response for any team.
        self.api.canned(ADMIN_TOKEN, "rights-tech", {"en": "t"}, scope="team", teamId=self.tech)

    def test_only_the_owner_or_an_admin_changes_one(self):
        team = self.api.canned(self.ann_token, "owner-team", {"en": "v1"}, scope="team", teamId=self.billing)
        path = f"/canned-responses/{team['id']}"
        # Cy sees it (same team) but did not make it.
        self.assertIn("only the owner", self.refused(403, self.cy_token, {"title": "Cy's"}, "PUT", path))
        self.refused(403, self.cy_token, None, "DELETE", path)
        self.refused(404, self.bob_token, {"title": "Bob's"}, "PUT", path)
        changed = self.api.call("PUT", path, {"title": "Owner's", "translations": {"en": "v2", "tr": "v2 tr"}},
                                token=self.ann_token, expect=200)["cannedResponse"]
        self.assertEqual(changed["title"], "Owner's")
        self.assertEqual(changed["translations"], {"en": "v2", "tr": "v2 tr"})
        self.assertEqual(changed["shortcut"], "owner-team")  # absent fields stay
        self.assertEqual(changed["scope"], "team")
        admin_changed = self.api.call("PUT", path, {"title": "Admin's"}, token=ADMIN_TOKEN, expect=200)
        self.assertEqual(admin_changed["cannedResponse"]["title"], "Admin's")
        self.assertEqual(admin_changed["cannedResponse"]["ownerId"], self.ann["id"])  # the owner stays
        glob = self.api.canned(ADMIN_TOKEN, "owner-global", {"en": "g"}, scope="global")
        self.refused(403, self.ann_token, {"title": "mine now"}, "PUT", f"/canned-responses/{glob['id']}")
        self.refused(403, self.ann_token, None, "DELETE", f"/canned-responses/{glob['id']}")
        # Moving a personal response to a team the owner is not in is refused.
        mine = self.api.canned(self.ann_token, "owner-move", {"en": "m"})
        self.refused(403, self.ann_token, {"scope": "team", "teamId": self.tech}, "PUT", f"/canned-responses/{mine['id']}")
        self.assertEqual(self.api.call("DELETE", path, token=self.ann_token, expect=200)["deleted"], team["id"])
        self.assertEqual(self.status("GET", path, ADMIN_TOKEN), 404)

    def test_list_shows_what_the_caller_sees_filtered_by_q_and_scope(self):
        self.api.canned(self.bob_token, "list-refund", {"en": "r"}, title="Refund policy")
        self.api.canned(self.bob_token, "list-tech", {"en": "t"}, title="Reboot the router", scope="team",
                        teamId=self.tech)
        self.api.canned(self.ann_token, "list-ann", {"en": "a"}, title="Ann's refund note")
        self.api.canned(ADMIN_TOKEN, "list-global", {"en": "g"}, title="Closing", scope="global")

        def shortcuts(token, **params):
            params.setdefault("limit", 100)
            r = self.api.call("GET", "/canned-responses?" + urllib.parse.urlencode(params), token=token)
            return [c["shortcut"] for c in r["cannedResponses"] if c["shortcut"].startswith("list-")]

        self.assertEqual(shortcuts(self.bob_token, q="list-"), ["list-global", "list-refund", "list-tech"])
        self.assertEqual(shortcuts(self.ann_token, q="list-"), ["list-ann", "list-global"])
        # q matches the title too, in any case; shortcuts starting with q come first.
        self.assertEqual(shortcuts(self.bob_token, q="REFUND"), ["list-refund"])
        self.assertEqual(shortcuts(ADMIN_TOKEN, q="refund"), ["list-ann", "list-refund"])
        self.assertEqual(shortcuts(self.bob_token, q="list-", scope="team"), ["list-tech"])
        self.assertEqual(shortcuts(self.bob_token, q="list-", scope="global"), ["list-global"])
        self.assertEqual(shortcuts(ADMIN_TOKEN, q="list-", teamId=self.tech), ["list-tech"])
        page = self.api.call("GET", "/canned-responses?q=list-&limit=1&page=2", token=self.bob_token)
        self.assertEqual([c["shortcut"] for c in page["cannedResponses"]], ["list-refund"])
        self.assertEqual(page["pagination"], {"page": 2, "limit": 1, "total": 3})
        self.assertEqual(self.status("GET", "/canned-responses?scope=everyone", self.bob_token), 400)
        self.assertEqual(self.status("GET", "/canned-responses", self.customer_token), 403)

    def test_a_shortcut_one_agent_would_see_twice_is_a_conflict(self):
        mine = self.api.canned(self.ann_token, "clash", {"en": "ann"})
        message = self.refused(409, self.ann_token, {"shortcut": "clash", "title": "again", "translations": {"en": "x"}})
        self.assertIn(f"canned response {mine['id']}", message)
        # Bob never sees Ann's personal one: his own may share the shortcut.
        self.api.canned(self.bob_token, "clash", {"en": "bob"})
        body = {"shortcut": "clash", "title": "t", "translations": {"en": "x"}}
        # A global one would sit beside both personal ones.
        self.refused(409, ADMIN_TOKEN, dict(body, scope="global"))
        # Billing holds Ann; tech holds Bob: both teams clash with a personal one.
        self.refused(409, self.cy_token, dict(body, scope="team", teamId=self.billing))
        self.refused(409, ADMIN_TOKEN, dict(body, scope="team", teamId=self.tech))
        # A team response clashes with a member's later personal one, and with an overlapping team.
        self.api.canned(self.cy_token, "clash-team", {"en": "team"}, scope="team", teamId=self.billing)
        self.refused(409, self.ann_token, dict(body, shortcut="clash-team"))
        self.api.canned(self.bob_token, "clash-team", {"en": "bob's own"})  # Bob is not in billing
        # Renaming onto a taken shortcut is a conflict too; keeping one's own is not.
        other = self.api.canned(self.ann_token, "clash-other", {"en": "o"})
        self.refused(409, self.ann_token, {"shortcut": "clash"}, "PUT", f"/canned-responses/{other['id']}")
        self.api.call("PUT", f"/canned-responses/{mine['id']}", {"shortcut": "clash", "title": "same"},
                      token=self.ann_token, expect=200)

    def test_bad_input_is_a_clear_422_and_changes_nothing(self):
        good = {"shortcut": "valid", "title": "Valid", "translations": {"en": "Hi"}}
        cases = [
            (dict(good, shortcut="Has Spaces"), "shortcut: 1 to 64 lower-case letters"),
            (dict(good, shortcut=""), "shortcut: 1 to 64"),
            ({"title": "x", "translations": {"en": "x"}}, "shortcut is required"),
            ({"shortcut": "x", "translations": {"en": "x"}}, "title is required"),
            (dict(good, title="   "), "title must not be blank"),
            ({"shortcut": "x", "title": "x"}, "translations is required"),
            (dict(good, translations={}), "translations must be an object of 1 to 20"),
            (dict(good, translations=["en"]), "translations must be an object"),
            (dict(good, translations={"not a locale!": "x"}), "'not a locale!' is not a language tag"),
            (dict(good, translations={"en": 5}), "translations.en must be a string"),
            (dict(good, translations={"en": " "}), "translations.en must not be blank"),
            (dict(good, translations={"en": "x", "EN": "y"}), "translations: en is given twice"),
            (dict(good, translations={"en": "Hi {{customer.nmae}}"}),
             "translations.en: unknown placeholder 'customer.nmae' (valid: customer.name, customer.first_name,"),
            (dict(good, translations={"es": "Hola {{customer.name"}),
             "translations.es: 1:6: unclosed '{{' (expected '}}' after 'customer.name')"),
            (dict(good, translations={"en": "{{customer.name | upcase}}"}),
             "translations.en: 1:19: unknown filter 'upcase' (valid: default)"),
            (dict(good, scope="everyone"), "scope: 'everyone' is not one of personal, team, global"),
            (dict(good, colour="red"), "colour"),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                self.assertIn(message, self.refused(422, self.ann_token, body))
        self.assertEqual(self.refused(400, self.ann_token, "{not json"), self.api.raw(
            "POST", "/canned-responses", "{not json", self.ann_token).json()["error"]["message"])
        # The same body, valid, is accepted: the refusals were about the fields named.
        self.api.canned(self.ann_token, "valid", {"en": "Hi {{customer.name | default: 'there'}}"})


if __name__ == "__main__":
    unittest.main()
