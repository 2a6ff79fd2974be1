// SPDX-License-Identifier: Apache-2.0
// The customer portal as a customer uses it: they ask for a sign-in link, open the mailed
// link, press its button, see only their own requests from every channel, reply, close and
// rate; with JavaScript on and off, on a phone, in English, Spanish and Turkish. Every page
// passes axe-core.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, api, query } from "./lib/daemon.mjs";
import { DESKTOP, PHONE, assertAccessible, launch, screenshot, visitor } from "./lib/browser.mjs";

const EMAIL = "pat.portal@example.com";
let chromium;

before(async () => {
  await api("POST", "/tokens", { role: "customer", email: EMAIL });
  await api("POST", "/tickets", { email: EMAIL, name: "Pat Portal", subject: "Refund for order 1042",
    description: "I was charged twice for order 1042.\nCould you refund one of them?" });
  await api("POST", "/tickets", { email: EMAIL, subject: "Cannot change my address",
    description: "The settings page keeps the old address." });
  await api("POST", "/tickets", { email: "someone.else@example.com", subject: "Not Pat's request",
    description: "Private." });
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
});

// The sign-in link the last mail to `email` carries, on this daemon's address.
function mailedLink(email) {
  const body = query(`SELECT body FROM outbox WHERE to_value = '${email}' ORDER BY id DESC LIMIT 1`);
  const match = body.match(/\/portal\/sign-in\?token=\S+/);
  assert.ok(match, "the mail carries the link");
  return BASE + match[0];
}

// axe-core runs in the page, so only where JavaScript is on (without it, the same pages are
// checked in the tests that have it).
async function signIn(page, locale, shots, axe = true) {
  await page.goto(`${BASE}/portal/`);
  if (axe) await assertAccessible(page, `the portal's sign-in form in ${locale}`);
  if (shots) await screenshot(page, `portal-sign-in-${shots}`);
  await page.locator("#email").fill(EMAIL);
  await page.locator("form[action^='/portal/sign-in-link'] button").click();
  await page.locator("p[role=status]").waitFor();
  await page.goto(mailedLink(EMAIL));
  if (axe) await assertAccessible(page, `the link's page in ${locale}`);
  if (shots) await screenshot(page, `portal-link-button-${shots}`);
  await page.locator("form[action^='/portal/sign-in'] button").click();
  await page.waitForURL(/\/portal\/$/);
}

test("a customer signs in by the mailed link, sees only their requests, replies, closes and rates", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US", viewport: DESKTOP });
  const page = await context.newPage();
  await signIn(page, "en", "en-desktop");
  assert.equal(await page.locator("h1").textContent(), "My requests");
  const subjects = await page.locator(".ticket-link").allTextContents();
  assert.deepEqual(subjects.sort(), ["Cannot change my address", "Refund for order 1042"]);
  await assertAccessible(page, "the ticket list");
  await screenshot(page, "portal-list-en-desktop");

  await page.getByRole("link", { name: "Refund for order 1042" }).click();
  await page.locator(".message-text").first().waitFor();
  assert.match(await page.locator(".message-text").first().textContent(), /twice for order 1042\.\nCould you/);
  await page.locator("#message").fill("Any news on the refund?\nThe order number is 1042.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.getByText("Your reply was sent.").waitFor();
  assert.equal(await page.locator(".message.mine").count(), 2);
  await page.getByRole("button", { name: "Close this request" }).click();
  await page.getByText("The request is closed.").waitFor();
  await assertAccessible(page, "a closed request with its rating form");
  await screenshot(page, "portal-ticket-closed-en-desktop");
  await page.getByLabel("5 – Excellent").check();
  await page.locator("#comment").fill("Fast and friendly.");
  await page.getByRole("button", { name: "Send rating" }).click();
  await page.getByText("You rated this request 5 out of 5").waitFor();
  assert.equal(query("SELECT rating || ':' || feedback FROM surveys s JOIN tickets t ON t.id = s.ticket_id " +
                     "WHERE t.subject = 'Refund for order 1042'"), "5:Fast and friendly.");
  await screenshot(page, "portal-ticket-rated-en-desktop");
  await context.close();
});

test("without JavaScript on a phone, in Spanish", async () => {
  const context = await visitor(chromium.browser, { locale: "es-ES", javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, "es", "es-phone", false);
  assert.equal(await page.locator("h1").textContent(), "Mis solicitudes");
  assert.equal(await page.getByText("Not Pat's request").count(), 0);
  await screenshot(page, "portal-list-es-phone");
  await page.getByRole("link", { name: "Cannot change my address" }).click();
  await page.locator("#message").fill("Sigue igual.");
  await page.getByRole("button", { name: "Enviar respuesta" }).click();
  await page.getByText("Se ha enviado su respuesta.").waitFor();
  await screenshot(page, "portal-ticket-es-phone");
  await context.close();
});

test("in Turkish", async () => {
  const context = await visitor(chromium.browser, { locale: "tr-TR", viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, "tr", "tr-phone");
  assert.equal(await page.locator("h1").textContent(), "Taleplerim");
  await assertAccessible(page, "the ticket list on a phone");
  await screenshot(page, "portal-list-tr-phone");
  await page.getByRole("link", { name: "Cannot change my address" }).click();
  await page.locator("#message").waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `no sideways scrolling on a phone (${width} px)`);
  await assertAccessible(page, "a request on a phone");
  await screenshot(page, "portal-ticket-tr-phone");
  await context.close();
});
