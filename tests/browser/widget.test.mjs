// SPDX-License-Identifier: Apache-2.0
// The embeddable widget as a visitor meets it on a shop's page (FRONTDESK_SHOP_ORIGIN, served
// here, so the widget works across origins as on a real site): help for the
// page and a search, a chat an agent answers through the API, the contact form when no agent
// is available, axe on the open widget, a phone-sized screen, the keyboard alone, and no
// request to anyone but the shop and the daemon.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { BASE, api, query } from "./lib/daemon.mjs";
import { PHONE, assertAccessible, launch, screenshot, tabTo, visitor } from "./lib/browser.mjs";

const SHOP = process.env.FRONTDESK_SHOP_ORIGIN;
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shipping and delivery - Shop</title>
<meta name="description" content="When your parcel ships and how to track it">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Shipping and delivery</h1><p>Parcels leave our warehouse every weekday.</p></main>
<script src="${BASE}/widget.js" async></script></body></html>`;

let chromium;
let agent;
let shop;

before(async () => {
  const article = (slug, title, body) => api("POST", "/kb/articles", {
    slug, status: "published", visibility: "public", translations: [{ locale: "en", title, body }],
  });
  await article("track-your-parcel", "Track your parcel", "Every parcel ships with a tracking link; delivery takes two to three days.");
  await article("reset-your-password", "Reset your password", "Open Settings, then Security, and choose Reset password.");
  agent = (await api("POST", "/agents", { name: "Ana Agent", email: "ana@example.com" })).agent;
  shop = createServer((request, response) => {
    response.writeHead(request.url === "/shipping" ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    response.end(request.url === "/shipping" ? PAGE : "");
  });
  await new Promise((resolve) => shop.listen(Number(new URL(SHOP).port), "127.0.0.1", resolve));
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
  shop?.close();
});

// The shop's page in a fresh context, recording every request that leaves the browser.
async function shopPage(options = {}) {
  const context = await visitor(chromium.browser, options);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(new URL(r.url()).origin));
  page.on("websocket", (ws) => requests.push(new URL(ws.url().replace(/^ws/, "http")).origin));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${SHOP}/shipping`);
  return { context, page, requests, errors };
}

function onlyShopAndDaemon(requests) {
  assert.deepEqual([...new Set(requests)].sort(), [BASE, SHOP].sort(), "requests went only to the shop and the daemon");
}

async function setAvailability(availability) {
  await api("PUT", `/agents/${agent.id}`, { availability });
}

test("a visitor finds help for the page, searches, chats, and sees the agent's reply", async () => {
  await setAvailability("available");
  const { context, page, requests, errors } = await shopPage();
  const launcher = page.getByRole("button", { name: "Help and chat" });
  await launcher.click();
  const dialog = page.getByRole("dialog", { name: "How can we help?" });
  await dialog.waitFor();
  // Help for the page it is on: its title asks the knowledge base.
  await dialog.getByRole("heading", { name: "Articles for this page" }).waitFor();
  const forPage = dialog.getByRole("link", { name: /Track your parcel/ });
  await forPage.waitFor();
  assert.match(await forPage.getAttribute("href"), new RegExp(`^${BASE}/help/articles/track-your-parcel\\?lang=en`));
  await dialog.getByLabel("Search our help articles").fill("password");
  await dialog.getByRole("link", { name: /Reset your password/ }).waitFor();
  assert.equal(await dialog.getByRole("link", { name: /Track your parcel/ }).count(), 0);

  await dialog.getByRole("tab", { name: "Chat" }).click();
  const box = dialog.getByLabel("Your message");
  await box.fill("Where is my parcel?");
  await box.press("Enter");
  const log = dialog.getByRole("log", { name: "Conversation" });
  await log.getByText("Where is my parcel?").waitFor();
  let number = "";
  for (const deadline = Date.now() + 20000; !number && Date.now() < deadline;) {
    number = query("SELECT number FROM tickets t JOIN messages m ON m.ticket_id = t.id "
      + "WHERE t.channel = 'livechat' AND m.body = 'Where is my parcel?'");
  }
  assert.ok(number, "the chat became a livechat ticket");
  await api("POST", `/tickets/${number}/messages`, { message: "It left the warehouse this morning." });
  await log.getByText("It left the warehouse this morning.").waitFor();
  await screenshot(page, "widget-chat-desktop");
  assert.equal(await box.inputValue(), "");
  onlyShopAndDaemon(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test("with no agent available the contact form appears, suggests articles and creates a ticket", async () => {
  await setAvailability("offline");
  const { context, page, requests } = await shopPage();
  await page.getByRole("button", { name: "Help and chat" }).click();
  const dialog = page.getByRole("dialog", { name: "How can we help?" });
  await dialog.getByRole("tab", { name: "Write to us" }).click();
  await dialog.getByText("No agent is available right now.", { exact: false }).waitFor();
  await dialog.getByLabel("Your name").fill("Pat Visitor");
  await dialog.getByLabel("Your e-mail address").fill("pat@example.com");
  await dialog.getByLabel("Subject").pressSequentially("forgot my password", { delay: 20 });
  await dialog.getByLabel("Your question").fill("I cannot sign in any more.");
  await dialog.getByRole("link", { name: /Reset your password/ }).waitFor();
  await screenshot(page, "widget-contact-desktop");
  await dialog.getByRole("button", { name: "Send message" }).click();
  const thanks = dialog.getByRole("status").filter({ hasText: "We received your message as ticket" });
  await thanks.waitFor();
  const number = (await thanks.textContent()).match(/TKT-[0-9-]+/)[0];
  const ticket = (await api("GET", `/tickets/${number}`)).ticket;
  assert.equal(ticket.subject, "forgot my password");
  assert.equal(ticket.channel, "webform");
  onlyShopAndDaemon(requests);
  await context.close();
});

test("the open widget passes axe, works from the keyboard, and fills a phone's screen", async () => {
  await setAvailability("available");
  const { context, page } = await shopPage({ viewport: PHONE });
  const launcher = page.getByRole("button", { name: "Help and chat" });
  await tabTo(page, launcher);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "How can we help?" });
  await dialog.getByRole("link", { name: /Track your parcel/ }).waitFor();
  // The search box has the focus; the tabs follow the arrow keys.
  assert.equal(await dialog.getByLabel("Search our help articles").evaluate((el) => el.getRootNode().activeElement === el), true);
  await dialog.getByRole("tab", { name: "Help" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await dialog.getByRole("tab", { name: "Chat" }).getAttribute("aria-selected"), "true");
  await dialog.getByLabel("Your message").waitFor();
  await assertAccessible(page, "the open widget on a phone");
  const box = await dialog.boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, PHONE.width, PHONE.height]);
  await screenshot(page, "widget-chat-phone");
  // Escape closes it and gives the focus back to the launcher.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await launcher.evaluate((el) => el.getRootNode().activeElement === el), true);
  await context.close();
});

test("/widget.js is small, cacheable and revalidated", async () => {
  const first = await fetch(`${BASE}/widget.js`, { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(first.status, 200);
  assert.match(first.headers.get("content-type"), /^text\/javascript/);
  assert.equal(first.headers.get("cache-control"), "public, max-age=300");
  const etag = first.headers.get("etag");
  assert.ok(etag);
  const again = await fetch(`${BASE}/widget.js`, { headers: { "If-None-Match": etag } });
  assert.equal(again.status, 304);
  // The panel loads on the first open only, from the same daemon.
  const panel = await fetch(`${BASE}/assets/widget-panel.js`);
  assert.equal(panel.status, 200);
});
