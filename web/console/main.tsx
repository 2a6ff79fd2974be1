// SPDX-License-Identifier: Apache-2.0
// The agents' console (/console/): sign-in, then the inbox, the ticket page and the dashboard,
// live through the event stream, with a keyboard shortcut for every action ("?" lists them).
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import "uplot/dist/uPlot.min.css";
import "./console.css";
import { call, setCsrfToken } from "./api";
import { loadLocale, offeredLocales, t } from "./i18n";
import { href, linkClick, navigate, useRoute } from "./router";
import { Dashboard } from "./views/dashboard";
import { Inbox } from "./views/inbox";
import { Login } from "./views/login";
import { Shortcuts } from "./views/shortcuts";
import { TicketPage } from "./views/ticket";

function App() {
  const [session, setSession] = useState<any>(undefined);
  const [help, setHelp] = useState(false);
  const route = useRoute();
  const search = useRef<HTMLInputElement>(null);

  const signedIn = async (doc: any) => {
    setCsrfToken(doc.csrfToken || "");
    // The agent's own choice, else what their browser asks for (the page was negotiated with it).
    const wanted = localStorage.getItem("console.lang") || document.body.dataset.lang || "en";
    await loadLocale(wanted);
    setSession(doc);
  };

  useEffect(() => {
    call("GET", "/api/v1/auth/session")
      .then(signedIn)
      .catch(async () => {
        await loadLocale(localStorage.getItem("console.lang") || document.body.dataset.lang || "en");
        setSession(null);
      });
  }, []);

  useEffect(() => {
    if (!session) return;
    let pending = "";
    const keys = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "Escape") {
        setHelp(false);
        if (target.matches("input, textarea, select")) target.blur();
        return;
      }
      if (target.closest("input, textarea, select, [contenteditable]") || e.ctrlKey || e.metaKey || e.altKey) return;
      const key = pending + e.key;
      pending = "";
      const go = (to: string) => { e.preventDefault(); navigate(to); };
      switch (key) {
        case "?": e.preventDefault(); setHelp((h) => !h); return;
        case "/": e.preventDefault(); search.current?.focus(); return;
        case "g": pending = "g"; return;
        case "gi": return go(href({ name: "inbox", view: "mine" }));
        case "gu": return go(href({ name: "inbox", view: "unassigned" }));
        case "gr": return go(href({ name: "inbox", view: "at_risk" }));
        case "ga": return go(href({ name: "inbox", view: "all" }));
        case "gd": return go(href({ name: "dashboard" }));
        case "r": case "n":
          e.preventDefault();
          dispatchEvent(new CustomEvent("console:compose", { detail: key === "n" ? "note" : "reply" }));
          return;
        case "s": case "p": case "a": {
          const select = document.querySelector<HTMLSelectElement>(`select[data-shortcut="${key}"]`);
          if (select) { e.preventDefault(); select.focus(); }
          return;
        }
      }
    };
    addEventListener("keydown", keys);
    return () => removeEventListener("keydown", keys);
  }, [session]);

  if (session === undefined) return <p class="loading" role="status">…</p>;
  if (session === null) return <Login onSignedIn={signedIn} />;

  const signOut = async () => {
    await call("POST", "/api/v1/auth/logout", {});
    setSession(null);
    navigate("/console/");
  };
  const changeLanguage = async (lang: string) => {
    localStorage.setItem("console.lang", lang);
    await loadLocale(lang);
    setSession({ ...session });
  };

  return (
    <>
      <a class="skip" href="#main">{t("skip_to_content")}</a>
      <header class="top">
        <a class="brand" href="/console/" onClick={linkClick}>Frontdesk</a>
        <nav aria-label={t("main_nav")}>
          <a href={href({ name: "inbox", view: "mine" })} onClick={linkClick}
             aria-current={route.name === "inbox" ? "page" : undefined}>{t("inbox")}</a>
          <a href={href({ name: "dashboard" })} onClick={linkClick}
             aria-current={route.name === "dashboard" ? "page" : undefined}>{t("dashboard")}</a>
        </nav>
        <div class="me">
          <label class="visually-hidden" for="lang">{t("language")}</label>
          <select id="lang" value={document.documentElement.lang} onChange={(e) => changeLanguage((e.target as HTMLSelectElement).value)}>
            {offeredLocales().map((l) => <option value={l}>{t("language_" + l)}</option>)}
          </select>
          <span class="who">{session.agent?.name}</span>
          <button onClick={() => setHelp(true)} aria-keyshortcuts="?">{t("shortcuts")}</button>
          <button onClick={signOut}>{t("sign_out")}</button>
        </div>
      </header>
      <main id="main" tabindex={-1}>
        {route.name === "inbox" && <Inbox view={route.view} session={session} searchRef={search} search={location.search} />}
        {route.name === "ticket" && <TicketPage id={route.id} session={session} />}
        {route.name === "dashboard" && <Dashboard session={session} />}
      </main>
      {help && <Shortcuts onClose={() => setHelp(false)} />}
    </>
  );
}

render(<App />, document.getElementById("app")!);
