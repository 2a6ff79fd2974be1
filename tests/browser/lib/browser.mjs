// SPDX-License-Identifier: Apache-2.0
// Debian's chromium driven by playwright-core, as every browser test launches it: headless,
// a fresh profile, nothing that reaches the network (the machine has none), and helpers for
// what every page must pass (axe-core) and show (screenshots).
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

// playwright-core gives each launch a fresh --user-data-dir of its own (and refuses one
// passed in args), removed when the browser closes.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.FRONTDESK_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

// A context as a visitor: its language (Accept-Language), JavaScript on or off, its screen.
export function visitor(browser, { locale = "en-US", javaScriptEnabled = true, viewport = DESKTOP } = {}) {
  return browser.newContext({ locale, javaScriptEnabled, viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
}

// axe-core in the page (evaluated through the DevTools protocol, which the page's CSP does
// not govern); fails on serious and critical violations.
export async function assertAccessible(page, what) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  assert.deepEqual(violations, [], `${what}: axe-core found serious or critical violations`);
}

export async function screenshot(page, name) {
  const dir = process.env.FRONTDESK_SCREENSHOTS;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Presses Tab until `locator` has the focus (in the document or in its shadow root); fails
// after `max` presses.
export async function tabTo(page, locator, max = 30) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await locator.evaluate((el) => el.getRootNode().activeElement === el)) return i + 1;
  }
  assert.fail(`Tab did not reach ${locator} within ${max} presses`);
}
