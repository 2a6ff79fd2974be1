// SPDX-License-Identifier: Apache-2.0
// What the panel asks the daemon besides the knowledge base (help/api.ts): whether a chat can
// start now, and the web form's API for the contact form.
export interface Availability {
  chat: boolean;
  reason: "no_agent" | "closed" | "disabled" | null; // why not, when chat is false
}

export async function availability(origin: string): Promise<Availability> {
  const response = await fetch(`${origin}/widget/availability`, { headers: { Accept: "application/json" } });
  if (!response.ok) return { chat: false, reason: "no_agent" };
  return (await response.json()) as Availability;
}

export interface ContactForm {
  name: string;
  email: string;
  subject: string;
  description: string;
}

export type Submitted = { ticketNumber: string } | { error: string };

// The web form's anonymous POST /api/v1/support/tickets, answered in JSON. Sent as a form with
// only CORS-safelisted headers, so a browser on another site sends it without a preflight.
export async function submitContact(origin: string, form: ContactForm, locale: string): Promise<Submitted> {
  try {
    const response = await fetch(`${origin}/api/v1/support/tickets`, {
      method: "POST",
      headers: { Accept: "application/json", "Accept-Language": locale },
      body: new URLSearchParams({ ...form }),
    });
    const body = await response.json();
    if (response.ok) return { ticketNumber: body.ticket.ticketNumber };
    return { error: body.error?.message ?? String(response.status) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
