// SPDX-License-Identifier: Apache-2.0
// The ticket page: the conversation with internal notes, the customer and their other tickets,
// live SLA countdowns, the audit timeline (which rule did what), the actions, and the composer.
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, call, support } from "../api";
import { dateTime, t } from "../i18n";
import { onEvent } from "../live";
import { href, linkClick } from "../router";
import { SlaCountdown } from "../sla";
import { Composer } from "./composer";

const STATUSES = ["open", "assigned", "in_progress", "waiting_customer", "waiting_internal", "resolved", "closed", "escalated"];
const PRIORITIES = ["low", "medium", "high", "urgent"];

// What an audit event changed, in words: "assignedTo: Ada", "resolved".
function change(e: any): string {
  const v = e.newValue;
  if (v == null || e.event === "ticket.created") return "";
  if (typeof v !== "object") return String(v);
  if ("field" in v) return `${v.field}: ${v.value ?? "—"}`;
  return "";
}

function authorName(m: any, ticket: any, agents: any[]): string {
  if (m.direction === "inbound" || m.author?.kind === "customer") return ticket.customer?.name || t("customer");
  if (m.author?.kind === "system") return t("automatic");
  return agents.find((a) => a.id === m.author?.id)?.name || t("agent");
}

export function TicketPage({ id, session }: { id: string; session: any }) {
  const [ticket, setTicket] = useState<any>(null);
  const [events, setEvents] = useState<any[]>([]);
  const [others, setOthers] = useState<any[]>([]);
  const [agents, setAgents] = useState<any[]>([]);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = useCallback(async () => {
    const doc = await call("GET", support(`/tickets/${encodeURIComponent(id)}`));
    setTicket(doc.ticket);
    document.title = `${doc.ticket.ticketNumber} · ${doc.ticket.subject}`;
    const [audit, theirs] = await Promise.all([
      call("GET", support(`/tickets/${doc.ticket.id}/events`)),
      doc.ticket.customer?.id ? call("GET", support(`/tickets?customer=${doc.ticket.customer.id}&limit=10`)) : { tickets: [] },
    ]);
    setEvents(audit.events);
    setOthers(theirs.tickets.filter((o: any) => o.id !== doc.ticket.id));
  }, [id]);

  useEffect(() => {
    setTicket(null);
    load().catch((e) => setError(e instanceof ApiError && e.status === 404 ? t("ticket_not_found") : t("error_generic")));
    call("GET", support("/agents")).then((doc) => setAgents(doc.agents)).catch(() => undefined);
  }, [load]);

  useEffect(() => onEvent((e) => {
    if (e.ticket && ticket && e.ticket.id === ticket.id) load().catch(() => undefined);
  }), [ticket?.id, load]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!ticket) return <p class="loading" role="status">{t("loading")}</p>;

  const act = async (path: string, body: unknown, done: string) => {
    try {
      await call("PUT", support(`/tickets/${ticket.id}/${path}`), body);
      setNotice(done);
      await load();
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : t("error_generic"));
    }
  };

  return (
    <article class="ticket" aria-labelledby="ticket-title">
      <header class="ticket-head">
        <p class="number">{ticket.ticketNumber} · {t("channel_" + ticket.channel)}</p>
        <h1 id="ticket-title">{ticket.subject}</h1>
        <div class="actions">
          <label>
            {t("status")}
            <select value={ticket.status} data-shortcut="s"
                    onChange={(e) => act("status", { status: (e.target as HTMLSelectElement).value }, t("status_changed"))}>
              {STATUSES.map((s) => <option value={s}>{t("status_" + s)}</option>)}
            </select>
          </label>
          <label>
            {t("priority")}
            <select value={ticket.priority} data-shortcut="p"
                    onChange={(e) => act("priority", { priority: (e.target as HTMLSelectElement).value }, t("priority_changed"))}>
              {PRIORITIES.map((p) => <option value={p}>{t("priority_" + p)}</option>)}
            </select>
          </label>
          <label>
            {t("assignee")}
            <select value={ticket.assignedTo?.id ?? ""} data-shortcut="a"
                    onChange={(e) => act("assign", { agentId: Number((e.target as HTMLSelectElement).value) }, t("assigned"))}>
              <option value="" disabled>{t("unassigned")}</option>
              {agents.map((a) => <option value={a.id}>{a.name}</option>)}
            </select>
          </label>
          {session.agent?.id && ticket.assignedTo?.id !== session.agent.id && (
            <button onClick={() => act("assign", { agentId: session.agent.id }, t("assigned"))}>{t("assign_to_me")}</button>
          )}
        </div>
        <dl class="sla-box">
          <dt>{t("sla_due")}</dt>
          <dd><SlaCountdown sla={ticket.sla} status={ticket.status} /></dd>
        </dl>
        <p class="status-line" role="status">{notice}</p>
      </header>
      <div class="ticket-body">
        <section class="conversation" aria-label={t("conversation")}>
          <ol class="messages">
            {(ticket.messages || []).map((m: any) => (
              <li class={`message ${m.isInternal ? "note" : m.direction || ""}`} data-message={m.id}>
                <header>
                  <strong>{authorName(m, ticket, agents)}</strong>
                  {m.isInternal && <span class="pill note-pill">{t("internal_note")}</span>}
                  <time dateTime={m.createdAt}>{dateTime(m.createdAt)}</time>
                </header>
                <p class="text">{m.message ?? m.text ?? m.body}</p>
              </li>
            ))}
          </ol>
          <Composer ticket={ticket} onSent={load} />
        </section>
        <aside class="side">
          <section aria-labelledby="customer-title">
            <h2 id="customer-title">{t("customer")}</h2>
            <p>{ticket.customer?.name || t("unknown_customer")}</p>
            {others.length > 0 && (
              <>
                <h3>{t("other_tickets")}</h3>
                <ul class="plain">
                  {others.map((o) => (
                    <li><a href={href({ name: "ticket", id: String(o.id) })} onClick={linkClick}>{o.ticketNumber}</a> {o.subject}
                      {" "}<span class="pill">{t("channel_" + o.channel)}</span></li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t("timeline")}</h2>
            <ol class="timeline">
              {events.map((e) => (
                <li>
                  <time dateTime={e.createdAt}>{dateTime(e.createdAt)}</time>{" "}
                  <span>{e.event}</span>
                  {e.rule && <span class="rule"> · {t("by_rule", e.rule)}</span>}
                  {change(e) && <span class="value"> → {change(e)}</span>}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </article>
  );
}
