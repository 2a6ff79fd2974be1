// SPDX-License-Identifier: Apache-2.0
// The agents' console as an agent uses it: signs in, sees a web-form ticket arrive without a
// reload, watches its SLA countdown move, opens it, replies with a canned response, assigns it,
// resolves it, finds it on the dashboard and drills down to it; the composer's guard when the
// customer writes meanwhile; the keyboard alone; a phone in Spanish and Turkish. axe-core on
// every screen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, api } from "./lib/daemon.mjs";
import { DESKTOP, PHONE, assertAccessible, launch, screenshot, visitor } from "./lib/browser.mjs";

const PASSWORD = "console test password";
let chromium;
let agent;

before(async () => {
  agent = (await api("POST", "/agents", { name: "Ada Console", email: "ada.console@desk.example", role: "admin",
                                           availability: "available" })).agent;
  await api("PUT", `/agents/${agent.id}/password`, { password: PASSWORD });
  await api("POST", "/canned-responses", {
    shortcut: "thanks", title: "Thanks for writing", scope: "global",
    translations: { en: "Hello {{customer.first_name | default: \"there\"}}, thanks for writing. We are on it." },
  });
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
});

// A web-form submission, as the form on /support/new posts it: the ticket and its access token.
async function submitWebForm(subject, name = "Grace Hopper", email = "grace@example.com") {
  const response = await fetch(`${BASE}/api/v1/support/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, email, subject, description: "The invoice shows the wrong amount." }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

async function signIn(page, email = agent.email, password = PASSWORD) {
  await page.goto(`${BASE}/console/`);
  await page.getByLabel(/e-mail|correo|e-posta/i).fill(email);
  await page.getByLabel(/^(password|contraseña|parola)$/i).fill(password);
  await page.getByRole("button", { name: /sign in|iniciar sesión|giriş yap/i }).click();
  await page.locator("header.top").waitFor();
}

// Script errors in the page fail the test that caused them.
function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

test("an agent works a web-form ticket from arrival to the dashboard", async () => {
  const context = await visitor(chromium.browser, { viewport: DESKTOP });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${BASE}/console/`);
  await page.getByRole("heading", { name: "Sign in to Frontdesk" }).waitFor();
  await assertAccessible(page, "login");
  await screenshot(page, "console-login");

  const wrong = page.getByRole("alert");
  await page.getByLabel("E-mail address").fill(agent.email);
  await page.getByLabel("Password").fill("not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await wrong.waitFor();
  assert.match(await wrong.textContent(), /wrong/);
  await signIn(page);

  await page.getByRole("link", { name: "Unassigned" }).first().click();
  await page.getByRole("heading", { name: "Unassigned" }).waitFor();
  const submitted = await submitWebForm("Invoice shows the wrong amount");
  const number = submitted.ticket.ticketNumber;
  const row = page.locator(`li[data-ticket="${number}"]`);
  await row.waitFor({ timeout: 10000 });  // the event stream brought it: no reload happened
  assert.equal(await page.evaluate(() => performance.getEntriesByType("navigation").length), 1);

  const countdown = row.locator(".sla");
  const first = Number(await countdown.getAttribute("data-seconds"));
  assert.ok(first > 0, `an SLA countdown is shown (${first} s)`);
  await page.waitForFunction(([n, s]) => Number(document.querySelector(`li[data-ticket="${n}"] .sla`)?.dataset.seconds) < s,
                             [number, first], { timeout: 5000 });
  await assertAccessible(page, "inbox");
  await screenshot(page, "console-inbox");

  await row.getByRole("link").click();
  await page.getByRole("heading", { name: "Invoice shows the wrong amount" }).waitFor();
  await page.getByLabel("Canned responses").selectOption({ label: "/thanks · Thanks for writing" });
  const composer = page.locator("#composer-text");
  await page.waitForFunction(() => document.querySelector("#composer-text").value.includes("thanks for writing"));
  assert.match(await composer.inputValue(), /^Hello Grace, thanks for writing/);
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.locator(".message.outbound", { hasText: "Hello Grace" }).waitFor();

  await page.getByRole("button", { name: "Assign to me" }).click();
  await page.waitForFunction((id) => document.querySelector('select[data-shortcut="a"]').value === String(id), agent.id);
  await page.getByLabel("Status").selectOption("resolved");
  await page.waitForFunction(() => document.querySelector('select[data-shortcut="s"]').value === "resolved");
  // The select shows the choice at once; the timeline shows it once the daemon stored it.
  await page.locator("ol.timeline li", { hasText: "→ resolved" }).waitFor();
  const stored = (await api("GET", `/tickets/${submitted.ticket.id}`)).ticket;
  assert.equal(stored.status, "resolved");
  assert.equal(stored.assignedTo.id, agent.id);
  await assertAccessible(page, "ticket page");
  await screenshot(page, "console-ticket");

  await page.keyboard.press("g");
  await page.keyboard.press("d");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.locator("figure.chart canvas").waitFor({ timeout: 5000 }).catch((e) => {
    throw new Error(`${e.message}\npage errors: ${errors.join("\n")}`);
  });
  await assertAccessible(page, "dashboard");
  await screenshot(page, "console-dashboard");
  await page.getByRole("region", { name: "By channel" }).getByRole("link", { name: /Web form/ }).click();
  await page.locator(`li[data-ticket="${number}"]`).waitFor();
  assert.match(page.url(), /\/console\/inbox\/all\?channel=webform$/);
  assert.deepEqual(errors.filter((e) => !e.includes("401")), [], "no script errors");
  await context.close();
});

test("the composer stops a send when the customer wrote meanwhile", async () => {
  const submitted = await submitWebForm("Where is my parcel?", "Linus", "linus@example.com");
  const context = await visitor(chromium.browser, { viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${BASE}/console/tickets/${submitted.ticket.id}`);
  await page.getByRole("heading", { name: "Where is my parcel?" }).waitFor();
  await page.locator("#composer-text").fill("It left our warehouse today.");
  const reply = await fetch(`${BASE}/api/v1/support/tickets/${submitted.ticket.id}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${submitted.accessToken}` },
    body: JSON.stringify({ message: "Never mind, it just arrived!" }),
  });
  assert.equal(reply.status, 201, await reply.clone().text());
  await page.getByText("The customer wrote meanwhile").waitFor();
  await page.getByRole("button", { name: "Send reply" }).click();
  const messages = (await api("GET", `/tickets/${submitted.ticket.id}`)).ticket.messages;
  assert.ok(!messages.some((m) => m.message === "It left our warehouse today."), "the send was stopped");
  await page.getByRole("button", { name: "Show it" }).click();
  await page.locator(".message", { hasText: "Never mind, it just arrived!" }).waitFor();
  await page.getByText("The customer wrote meanwhile").waitFor({ state: "hidden" });
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.locator(".message.outbound", { hasText: "It left our warehouse today." }).waitFor();
  await context.close();
});

test("the keyboard alone signs in, opens the shortcut sheet, moves through the inbox and opens a ticket", async () => {
  const submitted = await submitWebForm("Keyboard only", "Kay", "kay@example.com");
  const context = await visitor(chromium.browser, { viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`${BASE}/console/`);
  await page.getByLabel("E-mail address").focus();
  await page.keyboard.type(agent.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator("header.top").waitFor();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await sheet.waitFor();
  await assertAccessible(page, "shortcut sheet");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "hidden" });
  await page.keyboard.press("g");
  await page.keyboard.press("a");
  await page.getByRole("heading", { name: "All tickets" }).waitFor();
  await page.keyboard.press("/");
  await page.keyboard.type("keyboard");
  await page.keyboard.press("Escape");  // leaves the search field; the list keys work again
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll("ul.tickets li");
    return rows.length === 1 && rows[0].dataset.ticket === n;
  }, submitted.ticket.ticketNumber);
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("o");
  await page.getByRole("heading", { name: "Keyboard only" }).waitFor().catch(async (e) => {
    await screenshot(page, "console-keyboard-failure");
    throw new Error(`${e.message}\nat ${page.url()}, focus on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
  });
  await page.keyboard.press("r");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "composer-text");
  await context.close();
});

for (const [locale, signIn_, inbox] of [["es-ES", "Iniciar sesión", "Mis tickets"], ["tr-TR", "Giriş yap", "Taleplerim"]]) {
  test(`on a phone in ${locale}`, async () => {
    const context = await visitor(chromium.browser, { locale, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${BASE}/console/`);
    await page.getByRole("button", { name: signIn_ }).waitFor();
    assert.equal(await page.getAttribute("html", "lang"), locale.slice(0, 2));
    await assertAccessible(page, `login ${locale}`);
    await signIn(page);
    await page.getByRole("heading", { name: inbox }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling (${width}px)`);
    await assertAccessible(page, `inbox ${locale}`);
    await screenshot(page, `console-inbox-phone-${locale}`);
    await context.close();
  });
}
