// Search as one types: the form still submits to /help/search (and works without this);
// while typing, the best matches appear under the box.
import { searchArticles, type SearchHit } from "./api";

const DELAY_MS = 150;

// The snippet's text and <mark> elements only, whatever else the string might hold.
function snippetNodes(html: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out: Node[] = [];
  parsed.body.firstChild?.childNodes.forEach((node) => {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent ?? ""));
    }
  });
  return out;
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
