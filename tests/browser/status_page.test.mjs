// SPDX-License-Identifier: Apache-2.0
// The status page as a person reads it: in English, Spanish and Turkish; on a phone; without
// JavaScript, subscribing through the form; with the keyboard alone; and its static copy
// (state_dir/status, served here by a plain file server) showing the same page. Every page
// passes axe-core.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { BASE, statusApi } from "./lib/daemon.mjs";
import { DESKTOP, assertAccessible, launch, screenshot, tabTo, visitor } from "./lib/browser.mjs";

const SMALL_PHONE = { width: 375, height: 812 };
const STATIC_DIR = join(process.env.FRONTDESK_STATE_DIR, "status");

let chromium;
let staticServer;
let staticBase;

// Ninety days of checks, with a few bad days, as the monitors would have stored them.
function seedUptime() {
  const sql = `INSERT INTO status_uptime_daily (component_id, day, checks, failures)
    SELECT c.id, (now() AT TIME ZONE 'UTC')::date - d, 2880,
           CASE WHEN c.name = 'API' AND d = 12 THEN 900
                WHEN (c.id * 7 + d) % 29 = 0 THEN 12
                WHEN (c.id * 5 + d) % 47 = 0 THEN 150 ELSE 0 END
    FROM status_components c, generate_series(0, 89) d
    WHERE c.name <> 'Help center' OR d < 40
    ON CONFLICT DO NOTHING`;
  execFileSync("psql", [process.env.FRONTDESK_DATABASE, "-v", "ON_ERROR_STOP=1", "-qc", sql]);
}

// The static copy, served as a plain web server would: /status is index.html.
function serveCopy() {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml",
    ".json": "application/json", ".atom": "application/atom+xml" };
  return createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const name = path === "/status" || path === "/status/" ? "index.html" : path.replace(/^\/status\//, "");
    try {
      const body = await readFile(join(STATIC_DIR, name));
      res.writeHead(200, { "Content-Type": types[name.slice(name.lastIndexOf("."))] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
}

before(async () => {
  for (const [name, group, description] of [
    ["API", "Platform", "REST API and webhooks"],
    ["Website", "Platform", "www and the customer portal"],
    ["E-mail", "Messaging", "Inbound and outbound mail"],
    ["WhatsApp", "Messaging", ""],
    ["Help center", null, "Articles and search"],
  ]) {
    await statusApi("POST", "/components", { name, ...(group ? { group } : {}), ...(description ? { description } : {}) });
  }
  seedUptime();
  const components = (await statusApi("GET", "/components")).components;
  const email = components.find((c) => c.name === "E-mail");
  await statusApi("PUT", `/components/${email.id}`, { status: "degraded_performance" });
  const incident = (await statusApi("POST", "/incidents", {
    title: "Delayed outbound e-mail", components: ["E-mail"], impact: "minor",
    message: "Replies to tickets leave with a delay of up to 10 minutes. We are looking into it.",
  })).incident;
  await statusApi("POST", `/incidents/${incident.id}/updates`, {
    status: "identified", message: "Our mail relay's queue is backed up; we are adding capacity.",
  });
  const old = (await statusApi("POST", "/incidents", {
    title: "Website slow to load", components: ["Website"], impact: "major", message: "Pages take 10 s to load.",
  })).incident;
  await statusApi("POST", `/incidents/${old.id}/updates`, { status: "resolved", message: "A cache node was replaced." });
  const start = new Date(Date.now() + 3 * 86400e3);
  start.setUTCHours(2, 0, 0, 0);
  await statusApi("POST", "/maintenances", {
    title: "Database upgrade", components: ["API", "Website"], message: "The API answers read-only for up to 30 minutes.",
    startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600e3).toISOString(),
  });
  chromium = await launch();
  staticServer = serveCopy();
  await new Promise((resolve) => staticServer.listen(0, "127.0.0.1", resolve));
  staticBase = `http://127.0.0.1:${staticServer.address().port}`;
});

after(async () => {
  await chromium?.close();
  staticServer?.close();
});

for (const [locale, heading, banner, pill] of [
  ["en-US", "Frontdesk status", "Minor service outage", "Degraded performance"],
  ["es-ES", "Estado de Frontdesk", "Interrupción leve del servicio", "Rendimiento reducido"],
  ["tr-TR", "Frontdesk durum sayfası", "Hizmette küçük bir kesinti var", "Düşük performans"],
]) {
  test(`the status page opens in ${locale}`, async () => {
    const context = await visitor(chromium.browser, { locale });
    const page = await context.newPage();
    const response = await page.goto(`${BASE}/status`);
    assert.equal(response.headers()["content-language"], locale.slice(0, 2));
    assert.equal(await page.locator("h1").textContent(), heading);
    assert.equal((await page.locator(".overall").textContent()).trim(), banner);
    assert.ok(await page.locator(".pill", { hasText: pill }).first().isVisible());
    assert.equal(await page.locator(".uptime .day").count(), 5 * 90);
    await assertAccessible(page, `/status in ${locale}`);
    await screenshot(page, `status-${locale.slice(0, 2)}-desktop`);
    await context.close();
  });
}

test("on a 375 px phone", async () => {
  for (const locale of ["es-ES", "tr-TR"]) {
    const context = await visitor(chromium.browser, { locale, viewport: SMALL_PHONE });
    const page = await context.newPage();
    await page.goto(`${BASE}/status`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `/status scrolls sideways by ${overflow}px on a phone`);
    // Thirty days of bars fit a phone; the rest stay in the text alternatives of a wider screen.
    const shown = await page.locator(".uptime").first().locator(".day:visible").count();
    assert.equal(shown, 30);
    await assertAccessible(page, `/status on a phone in ${locale}`);
    await screenshot(page, `status-${locale.slice(0, 2)}-phone`);
    await context.close();
  }
});

test("subscribe without JavaScript", async () => {
  const context = await visitor(chromium.browser, { locale: "es-ES", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/status`);
  await page.getByLabel("Correo electrónico").fill("reader@example.org");
  await page.getByRole("checkbox", { name: "API" }).check();
  await page.getByRole("button", { name: "Suscribirse" }).click();
  await page.getByRole("heading", { name: "Revise su correo" }).waitFor();
  await screenshot(page, "status-subscribed-es-desktop-nojs");  // axe needs JavaScript: see below
  const subscribers = (await statusApi("GET", "/subscribers")).subscribers;
  const reader = subscribers.find((s) => s.address === "reader@example.org");
  assert.deepEqual([reader.confirmed, reader.components], [false, ["API"]]);
  await context.close();
});

test("the subscription links' pages", async () => {
  const context = await visitor(chromium.browser, { locale: "tr-TR", viewport: SMALL_PHONE });
  const page = await context.newPage();
  for (const path of ["/status/confirm?token=junk", "/status/unsubscribe?token=junk"]) {
    const response = await page.goto(`${BASE}${path}`);
    assert.equal(response.status(), 400);
    await page.getByRole("heading", { name: "Bu bağlantı çalışmıyor" }).waitFor();
    await assertAccessible(page, path);
  }
  await screenshot(page, "status-link-invalid-tr-phone");
  await context.close();
});

test("with the keyboard alone", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US", viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`${BASE}/status`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  await tabTo(page, page.getByLabel("E-mail address"), 40);
  await page.keyboard.type("keys@example.org");
  await tabTo(page, page.getByRole("button", { name: "Subscribe" }));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
  await context.close();
});

test("the static copy looks the same as the page", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US" });
  const live = await context.newPage();
  const copy = await context.newPage();
  await live.goto(`${BASE}/status`);
  const expected = await live.locator("main").innerText();
  // The daemon rewrites the copy within a second or two of a change: poll until it caught up.
  const deadline = Date.now() + 30_000;
  let shown = "";
  while (Date.now() < deadline) {
    await copy.goto(`${staticBase}/status`);
    shown = await copy.locator("main").innerText();
    if (shown === expected) break;
    await copy.waitForTimeout(250);
  }
  assert.equal(shown, expected, "the static copy did not catch up with the page");
  const liveColour = await live.locator(".overall").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await copy.locator(".overall").evaluate((el) => getComputedStyle(el).backgroundColor), liveColour,
    "the copy's style sheet did not load");
  await assertAccessible(copy, "the static copy");
  await screenshot(live, "status-en-desktop-live");
  await screenshot(copy, "status-en-desktop-static");
  await context.close();
});
