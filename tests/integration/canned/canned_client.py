# SPDX-License-Identifier: Apache-2.0
"""A running frontdeskd for the canned-response suites, with team and response helpers."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))

from api_client import ADMIN_TOKEN, Api  # noqa: E402,F401
from daemon_harness import RunningDaemon  # noqa: E402


class Desk(Api):
    def __init__(self, rules_dir=None):  # noqa: super().__init__ starts a daemon of its own
        extra = f"rules: {{ dir: {rules_dir} }}\n" if rules_dir else ""
        self.d = RunningDaemon(env={"FRONTDESK_ADMIN_TOKEN": ADMIN_TOKEN}, extra=extra)
        self.db = self.d.db

    def team(self, name, *agents):
        team_id = int(self.db.query(f"INSERT INTO teams (name) VALUES ('{name}') RETURNING id").splitlines()[0])
        for a in agents:
            self.db.query(f"INSERT INTO team_members (team_id, agent_id) VALUES ({team_id}, {a['id']})")
        return team_id

    def canned(self, token, shortcut, translations, scope="personal", title=None, expect=201, **extra):
        body = {"shortcut": shortcut, "title": title or shortcut.title(), "scope": scope,
                "translations": translations}
        body.update(extra)
        r = self.call("POST", "/canned-responses", body, token=token, expect=expect)
        return r.get("cannedResponse") if expect == 201 else r

    def canned_state(self):
        """The canned tables, to check that a refused call changed nothing."""
        return self.db.query("SELECT count(*) || ':' || coalesce(md5(string_agg(c::text, '|' ORDER BY c.id)), '') "
                             "FROM canned_responses c") + "/" + \
            self.db.query("SELECT count(*) FROM canned_response_uses")
