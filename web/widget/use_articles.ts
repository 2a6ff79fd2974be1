// SPDX-License-Identifier: Apache-2.0
// Articles for a text that changes as the visitor types: asked after a pause, the previous
// question abandoned, only the answer to the latest kept.
import { useEffect, useState } from "preact/hooks";
import type { SearchHit } from "../help/api";

type Ask = (text: string, signal: AbortSignal) => Promise<SearchHit[]>;

export function useArticles(text: string, ask: Ask, delayMs: number, minChars = 1): SearchHit[] | null {
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  useEffect(() => {
    const wanted = text.trim();
    if (wanted.length < minChars) {
      setHits(null);
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      ask(wanted, controller.signal)
        .then((found) => controller.signal.aborted || setHits(found))
        .catch(() => controller.signal.aborted || setHits([]));
    }, delayMs);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text]);
  return hits;
}
