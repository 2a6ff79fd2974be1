// SPDX-License-Identifier: Apache-2.0
// Search as one types: the form still submits to /help/search (and works without this);
// while typing, the best matches appear under the box.
import { searchArticles, type SearchHit } from "./api";
import { snippetParts } from "./snippet";

const DELAY_MS = 150;

function snippetNodes(html: string): Node[] {
  return snippetParts(html).map(({ text, marked }) => {
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
}

function articleHref(slug: string, lang: string | null): string {
  const href = `/help/articles/${encodeURIComponent(slug)}`;
  return lang ? `${href}?lang=${encodeURIComponent(lang)}` : href;
}

function render(target: HTMLElement, hits: SearchHit[], lang: string | null, none: string): void {
  target.replaceChildren();
  if (hits.length === 0) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = none;
    target.append(p);
    return;
  }
  const list = document.createElement("ul");
  list.className = "results-list";
  for (const hit of hits) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = articleHref(hit.slug, lang);
    link.textContent = hit.title;
    const snippet = document.createElement("p");
    snippet.className = "snippet";
    snippet.append(...snippetNodes(hit.snippet));
    item.append(link, snippet);
    list.append(item);
  }
  target.append(list);
}

export function enhanceSearch(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>("input[type=search]");
  const target = form.querySelector<HTMLElement>(".live-results");
  if (!input || !target) return;
  const locale = document.documentElement.lang || "en";
  const pinned = new URLSearchParams(location.search).get("lang");
  const none = form.dataset.none ?? "";
  let timer: number | undefined;
  let inFlight: AbortController | undefined;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    if (q.length === 0) {
      inFlight?.abort();
      target.replaceChildren();
      return;
    }
    timer = window.setTimeout(async () => {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      try {
        const hits = await searchArticles(q, locale, controller.signal);
        if (!controller.signal.aborted) render(target, hits, pinned, none);
      } catch (error) {
        if ((error as Error).name !== "AbortError") target.replaceChildren();
      }
    }, DELAY_MS);
  });
}
