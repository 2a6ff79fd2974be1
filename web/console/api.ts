// SPDX-License-Identifier: Apache-2.0
// The console's calls to the daemon: JSON over fetch with the session cookie, the CSRF token
// on every write, and one error type whose message the daemon wrote.
let csrfToken = "";

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const doc = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = doc.error || {};
    throw new ApiError(response.status, error.code || "error", error.message || response.statusText);
  }
  return doc as T;
}

export const support = (path: string) => "/api/v1/support" + path;
