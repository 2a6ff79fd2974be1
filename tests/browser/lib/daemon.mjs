// The frontdeskd that run.py started, and its REST API for seeding what a test needs.
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
