// SPDX-License-Identifier: Apache-2.0
// The help tab: articles for the page the widget sits on (its title and description asked of
// /kb/suggest), and a search as one types (/kb/articles?q=).
import { useState } from "preact/hooks";
import { searchArticles, suggestArticles } from "../help/api";
import { ArticleLinks } from "./articles";
import { t } from "./i18n";
import type { WidgetOptions } from "./options";
import { useArticles } from "./use_articles";

function pageText(): string {
  const description = document.querySelector<HTMLMetaElement>('meta[name="description"]')?.content ?? "";
  return `${document.title}\n${description}`;
}

export function Help({ options }: { options: WidgetOptions }) {
  const { origin, locale } = options;
  const [query, setQuery] = useState("");
  const [page] = useState(pageText);
  const forPage = useArticles(page, (text, signal) => suggestArticles(text, locale, signal, origin), 0);
  const found = useArticles(query, (q, signal) => searchArticles(q, locale, signal, origin), 150);
  const searching = query.trim() !== "";
  const hits = searching ? found : forPage;
  return (
    <div class="help">
      <label for="fd-search">{t("search_label")}</label>
      <input id="fd-search" type="search" autocomplete="off" value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      <section aria-live="polite" aria-labelledby="fd-articles-heading">
        <h3 id="fd-articles-heading">{searching ? t("results") : t("for_this_page")}</h3>
        {hits && hits.length > 0 && <ArticleLinks origin={origin} locale={locale} hits={hits} from={searching ? undefined : "suggestion"} />}
        {hits && hits.length === 0 && <p class="hint">{t("no_results")}</p>}
      </section>
    </div>
  );
}
