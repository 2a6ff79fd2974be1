// SPDX-License-Identifier: Apache-2.0
// The public knowledge-base API the help center's pages and the widget use: the same one
// integrators call. `origin` is the daemon's ("" on its own pages; the widget's on a site that
// embeds it).
const KB = "/api/v1/support/kb";

export interface SearchHit {
  slug: string;
  title: string;
  snippet: string; // escaped HTML whose only elements are <mark>
}

export async function searchArticles(q: string, locale: string, signal: AbortSignal, origin = ""): Promise<SearchHit[]> {
  const params = new URLSearchParams({ q, locale, limit: "5" });
  const response = await fetch(`${origin}${KB}/articles?${params}`, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) return [];
  const body = (await response.json()) as { articles?: SearchHit[] };
  return body.articles ?? [];
}

// The articles that best answer a whole question (GET /kb/suggest).
export async function suggestArticles(text: string, locale: string, signal: AbortSignal, origin = ""): Promise<SearchHit[]> {
  const params = new URLSearchParams({ text, locale, limit: "3" });
  const response = await fetch(`${origin}${KB}/suggest?${params}`, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) return [];
  const body = (await response.json()) as { articles?: SearchHit[] };
  return body.articles ?? [];
}

export type VoteOutcome = "thanks" | "already" | "failed";

export async function vote(articleId: string, helpful: boolean): Promise<VoteOutcome> {
  const response = await fetch(`${KB}/articles/${encodeURIComponent(articleId)}/feedback`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ helpful }),
  });
  if (response.status === 201) return "thanks";
  if (response.status === 429) return "already";
  return "failed";
}
