// SPDX-License-Identifier: Apache-2.0
// The contact form (/support/new, rendered by the web form plugin) suggests help-center
// articles while the subject and description are typed. The form works the same without
// this; an article opened from here counts for deflection (?from=suggestion).
import { suggestArticles, type SearchHit } from "../help/api";

const DELAY_MS = 300;
const MIN_CHARS = 4;

function render(box: HTMLElement, hits: SearchHit[]): void {
  box.replaceChildren();
  if (hits.length === 0) return;
  const heading = document.createElement("p");
  heading.className = "hint";
  heading.textContent = box.dataset.heading ?? "";
  const list = document.createElement("ul");
  for (const hit of hits) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `/help/articles/${encodeURIComponent(hit.slug)}?from=suggestion`;
    link.target = "_blank"; // the form keeps what was typed
    link.rel = "noopener";
    link.textContent = hit.title;
    const note = document.createElement("span");
    note.className = "hint";
    note.textContent = ` (${box.dataset.newTab ?? ""})`;
    link.append(note);
    item.append(link);
    list.append(item);
  }
  box.append(heading, list);
}

function enhance(): void {
  const subject = document.getElementById("fd-subject") as HTMLInputElement | null;
  const description = document.getElementById("fd-description") as HTMLTextAreaElement | null;
  const box = document.getElementById("fd-suggestions");
  if (!subject || !box) return;
  const locale = document.documentElement.lang || "en";
  let timer: number | undefined;
  let inFlight: AbortController | undefined;
  const update = () => {
    window.clearTimeout(timer);
    const text = `${subject.value}\n${description?.value ?? ""}`.trim();
    if (text.length < MIN_CHARS) {
      inFlight?.abort();
      box.replaceChildren();
      return;
    }
    timer = window.setTimeout(async () => {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      try {
        const hits = await suggestArticles(text, locale, controller.signal);
        if (!controller.signal.aborted) render(box, hits);
      } catch (error) {
        if ((error as Error).name !== "AbortError") box.replaceChildren();
      }
    }, DELAY_MS);
  };
  subject.addEventListener("input", update);
  description?.addEventListener("input", update);
}

enhance();
