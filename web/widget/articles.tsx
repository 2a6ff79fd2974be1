// SPDX-License-Identifier: Apache-2.0
// A list of help-center articles: each opens in a new tab (the widget keeps what was typed).
import type { SearchHit } from "../help/api";
import { snippetParts } from "../help/snippet";
import { t } from "./i18n";

export function articleUrl(origin: string, slug: string, locale: string, from?: string): string {
  const params = new URLSearchParams({ lang: locale });
  if (from) params.set("from", from);
  return `${origin}/help/articles/${encodeURIComponent(slug)}?${params}`;
}

export function ArticleLinks(props: { origin: string; locale: string; hits: SearchHit[]; from?: string }) {
  return (
    <ul class="articles">
      {props.hits.map((hit) => (
        <li key={hit.slug}>
          <a href={articleUrl(props.origin, hit.slug, props.locale, props.from)} target="_blank" rel="noopener">
            {hit.title}
            <span class="visually-hidden"> ({t("new_tab")})</span>
          </a>
          {hit.snippet && (
            <p class="snippet">
              {snippetParts(hit.snippet).map((part) => (part.marked ? <mark>{part.text}</mark> : part.text))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
