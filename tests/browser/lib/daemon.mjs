// SPDX-License-Identifier: Apache-2.0
// The frontdeskd that run.py started, and its REST API for seeding what a test needs.
import { execFileSync } from "node:child_process";
export const BASE = process.env.FRONTDESK_URL;
const TOKEN = process.env.FRONTDESK_ADMIN_TOKEN;
if (!BASE || !TOKEN) throw new Error("run the browser tests through tests/browser/run.py (scripts/test)");

export function api(method, path, body) {
  return call(method, `/api/v1/support${path}`, body);
}

// The status page's admin API (/api/v1/status).
export function statusApi(method, path, body) {
  return call(method, `/api/v1/status${path}`, body);
}

async function call(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

// One SQL statement on the daemon's test database (psql), its result as text: for what only
// the database shows a test, such as the mail a sign-in link went out in.
export function query(sql) {
  const conninfo = process.env.FRONTDESK_DATABASE;
  if (!conninfo) throw new Error("FRONTDESK_DATABASE is not set: run the browser tests through tests/browser/run.py");
  return execFileSync("psql", [conninfo, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" }).trim();
}
