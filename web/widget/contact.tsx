// SPDX-License-Identifier: Apache-2.0
// The contact tab, when no agent can chat (none available, or outside business hours): the
// web form's fields, articles suggested as the question is typed, and the ticket number once
// it is stored.
import { useState } from "preact/hooks";
import { suggestArticles } from "../help/api";
import { submitContact, type Availability, type ContactForm } from "./api";
import { ArticleLinks } from "./articles";
import { t } from "./i18n";
import type { WidgetOptions } from "./options";
import { useArticles } from "./use_articles";

const FIELDS: Array<[keyof ContactForm, string, string]> = [
  ["name", "text", "name"],
  ["email", "email", "email"],
  ["subject", "text", "subject"],
];

export function Contact({ options, why }: { options: WidgetOptions; why: Availability["reason"] }) {
  const { origin, locale } = options;
  const [form, setForm] = useState<ContactForm>({ name: "", email: "", subject: "", description: "" });
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ ticketNumber: string } | { error: string } | null>(null);
  const question = `${form.subject}\n${form.description}`;
  const suggested = useArticles(question, (text, signal) => suggestArticles(text, locale, signal, origin), 300, 4);
  const set = (key: keyof ContactForm) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement | HTMLTextAreaElement).value });

  if (outcome && "ticketNumber" in outcome) {
    return <p class="sent" role="status">{t("sent", outcome.ticketNumber)}</p>;
  }
  return (
    <form class="contact" onSubmit={async (e) => {
      e.preventDefault();
      setSending(true);
      setOutcome(await submitContact(origin, form, locale));
      setSending(false);
    }}>
      <p class="hint">{t(why === "closed" ? "closed" : "no_agent")}</p>
      {FIELDS.map(([key, type, label]) => (
        <p key={key}>
          <label for={`fd-${key}`}>{t(label)}</label>
          <input id={`fd-${key}`} type={type} required={key === "email"} value={form[key]} onInput={set(key)}
            autocomplete={key === "subject" ? "off" : key} />
        </p>
      ))}
      <p>
        <label for="fd-description">{t("description")}</label>
        <textarea id="fd-description" rows={4} required value={form.description} onInput={set("description")} />
      </p>
      {suggested && suggested.length > 0 && (
        <section class="suggestions" aria-live="polite">
          <p class="hint">{t("suggestions")}</p>
          <ArticleLinks origin={origin} locale={locale} hits={suggested} from="suggestion" />
        </section>
      )}
      {outcome && "error" in outcome && <p class="notice" role="alert">{t("not_sent", outcome.error)}</p>}
      <button type="submit" disabled={sending}>{t("submit")}</button>
    </form>
  );
}
