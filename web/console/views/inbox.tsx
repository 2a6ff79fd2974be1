// SPDX-License-Identifier: Apache-2.0
// An inbox view: mine, unassigned, at risk of SLA breach, all; search; pages by keyset (the
// last ticket's cursor); bulk actions on the checked tickets; new tickets appear as they come.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { call, support } from "../api";
import { relative, t } from "../i18n";
import { onEvent } from "../live";
import { href, INBOX_VIEWS, linkClick, navigate } from "../router";
import { SlaCountdown } from "../sla";

const PAGE = 50;

// A dashboard's drill-down opens a view with these filters in the page's query.
const FILTERS = ["channel", "category", "status", "priority"];

function query(view: string, q: string, after: string | null): string {
  const p = new URLSearchParams({ limit: String(PAGE) });
  const page = new URLSearchParams(location.search);
  for (const f of FILTERS) if (page.get(f)) p.set(f, page.get(f)!);
  if (view === "mine") p.set("assignedTo", "me");
  if (view === "unassigned") p.set("assignedTo", "none");
  if (view === "at_risk") p.set("sla", "at_risk");
  if (view !== "all" && !p.has("status")) p.set("status", "open");
  if (q) p.set("q", q);
  else p.set("sort", "-createdAt");
  if (after) p.set("after", after);
  return support("/tickets?" + p.toString());
}

export function Inbox({ view, session, searchRef, search }: { view: string; session: any; searchRef: any; search: string }) {
  const [tickets, setTickets] = useState<any[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [status, setStatus] = useState("");
  const list = useRef<HTMLUListElement>(null);

  const latest = useRef(0);
  const load = useCallback(async (after: string | null = null) => {
    // Answers can come back out of order while the agent types: only the last one counts.
    const asked = ++latest.current;
    const doc = await call("GET", query(view, q, after));
    if (asked !== latest.current) return;
    setTickets((old) => (after ? [...old, ...doc.tickets] : doc.tickets));
    setNext(doc.pagination?.nextCursor ?? null);
  }, [view, q, search]);

  useEffect(() => {
    setChecked(new Set());
    setCursor(0);
    load().catch(() => setStatus(t("error_generic")));
  }, [load]);

  // Live: a new or changed ticket reloads the first page (debounced); new ones are marked.
  useEffect(() => {
    let timer = 0;
    return onEvent((e) => {
      if (!e.ticket) return;
      if (e.type === "ticket.created") setFresh((f) => new Set(f).add(e.ticket.id));
      clearTimeout(timer);
      timer = window.setTimeout(() => load().catch(() => undefined), 150);
    });
  }, [load]);

  // j / k move, Enter or o opens, x checks: the list's own keys. Registered once and reading
  // the current list through refs, so a key pressed right after the list changed acts on it.
  const current = useRef({ tickets, cursor });
  current.current = { tickets, cursor };
  useEffect(() => {
    const keys = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest("input, textarea, select, [contenteditable]")) return;
      const { tickets: shown, cursor: at } = current.current;
      if (e.key === "j") setCursor(Math.min(at + 1, shown.length - 1));
      else if (e.key === "k") setCursor(Math.max(at - 1, 0));
      else if ((e.key === "Enter" || e.key === "o") && shown[at]) navigate(href({ name: "ticket", id: String(shown[at].id) }));
      else if (e.key === "x" && shown[at]) toggle(shown[at].id);
      else return;
      e.preventDefault();
    };
    addEventListener("keydown", keys);
    return () => removeEventListener("keydown", keys);
  }, []);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${cursor}"] a`)?.focus({ preventScroll: false });
  }, [cursor]);

  const toggle = (id: number) =>
    setChecked((c) => {
      const copy = new Set(c);
      if (copy.has(id)) copy.delete(id);
      else copy.add(id);
      return copy;
    });

  const bulk = async (change: Record<string, unknown>) => {
    const ids = [...checked].map(String);
    const doc = await call("POST", support("/tickets/bulk"), { ids, ...change });
    setStatus(t("bulk_done", doc.updated));
    setChecked(new Set());
    await load();
  };

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <div class="inbox-head">
        <h1 id="inbox-title">{t("view_" + view)}</h1>
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <label for="inbox-search" class="visually-hidden">{t("search_tickets")}</label>
          <input id="inbox-search" ref={searchRef} type="search" placeholder={t("search_tickets")} value={q}
                 onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </form>
      </div>
      <nav class="views" aria-label={t("views")}>
        {INBOX_VIEWS.map((v) => (
          <a href={href({ name: "inbox", view: v })} onClick={linkClick} aria-current={v === view ? "page" : undefined}>
            {t("view_" + v)}
          </a>
        ))}
      </nav>
      {checked.size > 0 && (
        <div class="bulk" role="toolbar" aria-label={t("bulk_actions")}>
          <span>{t("selected", checked.size)}</span>
          {session.agent?.id && <button onClick={() => bulk({ action: "assign", agentId: session.agent.id })}>{t("assign_to_me")}</button>}
          <button onClick={() => bulk({ action: "status", status: "resolved" })}>{t("resolve")}</button>
          <button onClick={() => bulk({ action: "priority", priority: "urgent" })}>{t("mark_urgent")}</button>
        </div>
      )}
      <p class="status-line" role="status">{status}</p>
      {tickets.length === 0 ? (
        <p class="empty">{t("no_tickets")}</p>
      ) : (
        <ul class="tickets" ref={list}>
          {tickets.map((ticket, i) => (
            <li data-index={i} class={[i === cursor ? "cursor" : "", fresh.has(ticket.id) ? "fresh" : ""].join(" ")}
                data-ticket={ticket.ticketNumber}>
              <input type="checkbox" checked={checked.has(ticket.id)} onChange={() => toggle(ticket.id)}
                     aria-label={t("select_ticket", ticket.ticketNumber)} />
              <a href={href({ name: "ticket", id: String(ticket.id) })} onClick={linkClick} onFocus={() => setCursor(i)}>
                <span class="number">{ticket.ticketNumber}</span>
                <span class="subject">{ticket.subject}</span>
                <span class="customer">{ticket.customer?.name || ""}</span>
              </a>
              <span class={`pill status-${ticket.status}`}>{t("status_" + ticket.status)}</span>
              <span class={`pill priority-${ticket.priority}`}>{t("priority_" + ticket.priority)}</span>
              <SlaCountdown sla={ticket.sla} status={ticket.status} />
              <time dateTime={ticket.updatedAt}>{relative(ticket.updatedAt)}</time>
            </li>
          ))}
        </ul>
      )}
      {next && <button class="more" onClick={() => load(next)}>{t("load_more")}</button>}
    </section>
  );
}
