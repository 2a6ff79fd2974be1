// SPDX-License-Identifier: Apache-2.0
// The composer: a reply or an internal note, canned responses (when the desk has them), and a
// guard: when the customer writes while the agent types, the send stops until the agent has
// seen the new message.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError, call, support } from "../api";
import { t } from "../i18n";
import { onEvent } from "../live";

export function Composer({ ticket, onSent }: { ticket: any; onSent: () => Promise<void> }) {
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [canned, setCanned] = useState<any[]>([]);
  const [arrived, setArrived] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const seen = useRef<number>(lastInbound(ticket));

  useEffect(() => {
    call("GET", support("/canned-responses")).then((doc) => setCanned(doc.cannedResponses || [])).catch(() => setCanned([]));
  }, []);

  useEffect(() => onEvent((e) => {
    if (e.type === "message.received" && e.ticket?.id === ticket.id && e.message?.id > seen.current) setArrived(true);
  }), [ticket.id]);

  // Registered as soon as the composer is in the page: "r" right after a ticket opens works.
  useLayoutEffect(() => {
    const focus = (e: Event) => {
      setInternal((e as CustomEvent).detail === "note");
      area.current?.focus();
    };
    addEventListener("console:compose", focus);
    return () => removeEventListener("console:compose", focus);
  }, []);

  const insertCanned = async (id: string) => {
    if (!id) return;
    try {
      const doc = await call("POST", support(`/tickets/${ticket.id}/preview-reply`), { cannedResponseId: Number(id) });
      setText((old) => (old ? old + "\n" : "") + doc.text);
      setError(doc.unresolved?.length ? t("unresolved_placeholders", doc.unresolved.join(", ")) : "");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("error_generic"));
    }
    area.current?.focus();
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (arrived) {
      setError(t("customer_wrote_meanwhile"));
      return;
    }
    setBusy(true);
    try {
      await call("POST", support(`/tickets/${ticket.id}/messages`), { message: text, isInternal: internal });
      setText("");
      setError("");
      await onSent();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t("error_generic"));
    } finally {
      setBusy(false);
    }
  };

  const acknowledge = async () => {
    await onSent();
    setArrived(false);
    setError("");
  };

  useEffect(() => {
    seen.current = lastInbound(ticket);
  }, [ticket]);

  return (
    <form class={`composer ${internal ? "internal" : ""}`} onSubmit={send} aria-label={t("composer")}>
      <div class="mode" role="radiogroup" aria-label={t("composer_mode")}>
        <label><input type="radio" name="mode" checked={!internal} onChange={() => setInternal(false)} /> {t("reply")}</label>
        <label><input type="radio" name="mode" checked={internal} onChange={() => setInternal(true)} /> {t("internal_note")}</label>
        {canned.length > 0 && (
          <label class="canned">
            {t("canned_responses")}
            <select onChange={(e) => { insertCanned((e.target as HTMLSelectElement).value); (e.target as HTMLSelectElement).value = ""; }}>
              <option value="">{t("choose")}</option>
              {canned.map((c) => <option value={c.id}>{c.shortcut ? `/${c.shortcut} · ` : ""}{c.title}</option>)}
            </select>
          </label>
        )}
      </div>
      <label for="composer-text" class="visually-hidden">{internal ? t("internal_note") : t("reply")}</label>
      <textarea id="composer-text" ref={area} rows={5} value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send(e); }} />
      {arrived && (
        <p class="warning" role="alert">
          {t("customer_wrote_meanwhile")} <button type="button" onClick={acknowledge}>{t("show_new_message")}</button>
        </p>
      )}
      {error && !arrived && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy || !text.trim()}>{internal ? t("add_note") : t("send_reply")}</button>
    </form>
  );
}

function lastInbound(ticket: any): number {
  return Math.max(0, ...(ticket.messages || []).filter((m: any) => m.direction === "inbound").map((m: any) => m.id));
}
