# SPDX-License-Identifier: Apache-2.0
"""The served OpenAPI document is true: every documented operation, called with its example
body by an allowed role, answers a documented success status whose body has the documented
required fields; anonymous calls answer 401 and disallowed roles 403, as documented."""
import json
import os
import shutil
import tempfile
import unittest

from api_client import ADMIN_TOKEN, Api
from daemon_harness import free_port

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "daemon", "api",
                      "openapi.json")


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The shipped macros only (rules/70-macros.yaml): POST /tickets/{id}/macros/{name} runs one;
        # and the template POST /notifications sends.
        cls.rules_dir = tempfile.mkdtemp(prefix="frontdesk-openapi-")
        shipped = os.path.join(os.path.dirname(SOURCE), "..", "..", "rules")
        shutil.copy(os.path.join(shipped, "70-macros.yaml"), cls.rules_dir)
        os.makedirs(os.path.join(cls.rules_dir, "templates"))
        shutil.copy(os.path.join(shipped, "templates", "order_ready.yaml"), os.path.join(cls.rules_dir, "templates"))
        # E-mail on, for POST /notifications (its peer is never reached; the outbox keeps retrying).
        channels = ("  webform: { enabled: true, rate_limit_per_minute: 1000 }\n"
                    "  email:\n    enabled: true\n    address: desk@example.com\n"
                    f"    listen: 127.0.0.1:{free_port()}\n    outbound: {{ host: 127.0.0.1, port: 9 }}\n")
        cls.api = Api(extra=f"rules: {{ dir: {cls.rules_dir} }}\n"
                            "webhooks: { allow_private_networks: [127.0.0.1] }\n", channels=channels)
        cls.agent, cls.agent_token = cls.api.agent("Olga OpenAPI")
        cls.customer_id, cls.customer_token = cls.api.customer("openapi@example.com")
        cls.tokens = {"admin": ADMIN_TOKEN, "agent": cls.agent_token, "customer": cls.customer_token}
        r = cls.api.raw("GET", "/api/v1/openapi.json")
        assert r.status == 200 and r.headers["Content-Type"] == "application/json", r.status
        cls.doc = r.json()
        cls.n = 0

    @classmethod
    def tearDownClass(cls):
        assert cls.api.stop() == 0

    def resolve(self, schema):
        while "$ref" in schema:
            schema = self.doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
        return schema

    def fresh_ticket(self, resolved=False):
        t = self.api.ticket(self.customer_token)
        if resolved:
            self.api.call("PUT", f"/tickets/{t['id']}/assign", {"agentId": self.agent["id"]}, expect=200)
            self.api.call("PUT", f"/tickets/{t['id']}/status", {"status": "resolved"}, expect=200)
        return t

    def fresh_webhook(self):
        return self.api.call("POST", "/webhooks", {"url": "http://127.0.0.1:9/hooks", "events": ["ticket.created"],
                                                   "secret": "whsec_openapi_0123"}, expect=201)["webhook"]

    def fresh_canned_response(self):
        OpenApiTest.n += 1
        return self.api.call("POST", "/canned-responses", {"shortcut": f"openapi-{OpenApiTest.n}", "title": "Hello",
                                                           "scope": "global", "translations": {"en": "Hello"}},
                             expect=201)["cannedResponse"]

    def fresh_status(self, kind):
        """A new component, incident or maintenance of the status page's admin API."""
        OpenApiTest.n += 1
        body = {"components": {"name": f"OpenAPI {OpenApiTest.n}"},
                "incidents": {"title": "Slow", "message": "Looking."},
                "maintenances": {"title": "Upgrade", "startsAt": "2030-01-01T00:00:00Z",
                                 "endsAt": "2030-01-01T01:00:00Z"}}[kind]
        r = self.api.raw("POST", f"/api/v1/status/{kind}", body, ADMIN_TOKEN)
        assert r.status == 201, r.body
        return next(v for k, v in r.json().items() if k != "success")

    def fresh_article(self):
        OpenApiTest.n += 1
        return self.api.call("POST", "/kb/articles", {
            "slug": f"openapi-{OpenApiTest.n}", "status": "published",
            "translations": [{"locale": "en", "title": "Reset your password", "body": "Open Settings."}]},
            expect=201)["article"]

    def fresh_category(self):
        OpenApiTest.n += 1
        return self.api.call("POST", "/kb/categories", {
            "slug": f"openapi-category-{OpenApiTest.n}", "translations": [{"locale": "en", "name": "Accounts"}]},
            expect=201)["category"]

    def merged_ticket(self):
        duplicate, survivor = self.fresh_ticket(), self.fresh_ticket()
        self.api.call("POST", f"/tickets/{duplicate['id']}/merge", {"into": survivor["ticketNumber"]}, expect=200)
        return duplicate

    def second_message(self, ticket_id):
        self.api.call("POST", f"/tickets/{ticket_id}/messages", {"message": "and another thing"},
                      token=self.customer_token, expect=201)
        return int(self.api.db.query(f"SELECT max(id) FROM messages WHERE ticket_id = {ticket_id}"))

    def example(self, operation, path):
        """The documented example with ids pointing at real rows."""
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            return None
        body = dict(content["example"])
        for key in ("agentId", "escalatedTo"):
            if key in body:
                body[key] = self.agent["id"]
        if "into" in body:
            body["into"] = self.fresh_ticket()["ticketNumber"]
        if "ids" in body:
            body["ids"] = [str(self.fresh_ticket()["id"])]
        if path.endswith("/agents") and "email" in body:
            OpenApiTest.n += 1
            body["email"] = f"openapi{OpenApiTest.n}@desk.example"
        return body

    def test_the_served_document_is_the_source_file(self):
        with open(SOURCE) as f:
            self.assertEqual(json.load(f), self.doc)
        self.assertEqual(self.doc["openapi"][:2], "3.")

    def test_every_operation_answers_as_documented(self):
        count = 0
        for path, item in self.doc["paths"].items():
            for method, operation in item.items():
                count += 1
                roles = operation["x-roles"]
                role = "customer" if roles == ["customer"] else ("admin" if "admin" in roles else roles[0])
                with self.subTest(op=f"{method.upper()} {path}", role=role):
                    concrete = path.replace("{name}", "ask%20for%20details")  # a shipped macro
                    concrete = concrete.replace("{number}", "1")  # an article's first revision
                    if "{id}" in path:
                        if path.startswith("/api/v1/support/kb/articles/"):
                            ident = str(self.fresh_article()["id"])
                        elif path.startswith("/api/v1/support/kb/categories/"):
                            ident = str(self.fresh_category()["id"])
                        elif path.startswith("/api/v1/support/agents/"):
                            ident = str(self.agent["id"])
                        elif path.startswith("/api/v1/support/webhooks/"):
                            ident = str(self.fresh_webhook()["id"])
                        elif path.startswith("/api/v1/support/canned-responses/"):
                            ident = str(self.fresh_canned_response()["id"])
                        elif path.startswith("/api/v1/support/customers/"):
                            ident = str(self.customer_id)
                        elif path.startswith("/api/v1/status/"):
                            ident = str(self.fresh_status(path.split("/")[4])["id"])
                        elif path.endswith("/unmerge"):
                            ident = str(self.merged_ticket()["id"])
                        else:
                            ident = str(self.fresh_ticket(resolved=path.endswith(("/reopen", "/rate")))["id"])
                        concrete = concrete.replace("{id}", ident)
                    rel = concrete if path.startswith("/api/v1/status/") else concrete[len("/api/v1/support"):]
                    if path.endswith("/stats/tickets"):
                        rel += "?metric=total"  # its one required query parameter
                    if path.endswith("/kb/suggest"):
                        rel += "?text=reset%20my%20password"  # its one required query parameter
                    body = self.example(operation, path)
                    if path.endswith("/split"):
                        body = {"messageIds": [self.second_message(ident)]}
                    r = self.api.raw(method.upper(), rel, body, self.tokens[role])
                    successes = [c for c in operation["responses"] if c.startswith("2")]
                    self.assertIn(str(r.status), successes, r.body[:400])
                    schema = self.resolve(operation["responses"][str(r.status)]["content"]["application/json"]["schema"])
                    answer = r.json()
                    for field in schema["required"]:
                        self.assertIn(field, answer)
                    for field, sub in schema.get("properties", {}).items():
                        sub = self.resolve(sub)
                        if field in answer and sub.get("type") == "object":
                            for inner in sub.get("required", []):
                                self.assertIn(inner, answer[field], f"{field}.{inner}")
                    anonymous = self.api.raw(method.upper(), rel, body, None)
                    if {} in operation["security"]:  # public: no token needed
                        self.assertIn(str(anonymous.status), operation["responses"], anonymous.body[:200])
                        self.assertNotEqual(anonymous.status, 401)
                    elif not (method == "post" and path == "/api/v1/support/tickets"):
                        self.assertEqual(anonymous.status, 401)
                        self.assertIn("401", operation["responses"])
                    for other in ("customer", "agent", "admin"):
                        if other not in roles:
                            self.assertIn("403", operation["responses"])
                            denied = self.api.raw(method.upper(), rel, body, self.tokens[other])
                            self.assertEqual(denied.status, 403, f"{other}: {denied.body[:200]}")
        self.assertEqual(count, 68, "every API operation is documented")


if __name__ == "__main__":
    unittest.main()
