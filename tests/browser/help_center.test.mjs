// SPDX-License-Identifier: Apache-2.0
// The help center as a person uses it: in English, Spanish and Turkish; searching as they
// type and with the search button; reading an article; voting with JavaScript and without;
// on a phone; with the keyboard alone. Every page passes axe-core.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { BASE, api } from "./lib/daemon.mjs";
import { DESKTOP, PHONE, assertAccessible, launch, screenshot, tabTo, visitor } from "./lib/browser.mjs";

let chromium;

before(async () => {
  const category = (await api("POST", "/kb/categories", {
    slug: "getting-started", position: 1,
    translations: [
      { locale: "en", name: "Getting started", description: "Your first steps with us." },
      { locale: "es", name: "Primeros pasos", description: "Sus primeros pasos con nosotros." },
      { locale: "tr", name: "Başlarken", description: "Bizimle ilk adımlarınız." },
    ],
  })).category;
  const article = (slug, translations, extra = {}) => api("POST", "/kb/articles", {
    slug, status: "published", visibility: "public", categoryId: category.id,
    translations: translations.map(([locale, title, body]) => ({ locale, title, body })), ...extra,
  });
  await article("reset-password", [
    ["en", "Reset your password", "If you forgot your password, open **Settings → Security** and choose *Reset password*.\n\nWe e-mail you a link that works for 15 minutes."],
    ["es", "Restablecer la contraseña", "Si olvidó su contraseña, abra **Ajustes → Seguridad** y elija *Restablecer contraseña*.\n\nLe enviamos un enlace válido durante 15 minutos."],
    ["tr", "Şifrenizi sıfırlayın", "Şifrenizi unuttuysanız **Ayarlar → Güvenlik** bölümünü açın ve *Şifreyi sıfırla*'yı seçin.\n\nSize 15 dakika geçerli bir bağlantı gönderiyoruz."],
  ]);
  await article("ticket-statuses", [
    ["en", "What ticket statuses mean", "| Status | Meaning |\n|---|---|\n| Open | We are working on it |\n| Pending | We wait for your answer |\n| Resolved | We think it is done |"],
  ]);
  await article("contact-by-whatsapp", [
    ["en", "Contact us on WhatsApp", "Write to our WhatsApp number at any time; replies come within business hours."],
    ["es", "Contáctenos por WhatsApp", "Escriba a nuestro número de WhatsApp en cualquier momento."],
    ["tr", "Bize WhatsApp'tan ulaşın", "WhatsApp numaramıza dilediğiniz zaman yazın."],
  ]);
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
});

for (const [locale, heading, category] of [
  ["en-US", "Help center", "Getting started"],
  ["es-ES", "Centro de ayuda", "Primeros pasos"],
  ["tr-TR", "Yardım merkezi", "Başlarken"],
]) {
  test(`the help center opens in ${locale}`, async () => {
    const context = await visitor(chromium.browser, { locale });
    const page = await context.newPage();
    const response = await page.goto(`${BASE}/help`);
    assert.equal(response.headers()["content-language"], locale.slice(0, 2));
    assert.equal(await page.locator("h1").textContent(), heading);
    assert.ok(await page.getByRole("heading", { name: category }).isVisible());
    await assertAccessible(page, `/help in ${locale}`);
    await screenshot(page, `help-index-${locale.slice(0, 2)}-desktop`);
    await context.close();
  });
}

test("search as you type, open the article, vote (JavaScript on)", async () => {
  const context = await visitor(chromium.browser, { locale: "es-ES" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${BASE}/help`);
  await page.getByLabel("Buscar en el centro de ayuda").pressSequentially("contras", { delay: 40 });
  const live = page.locator("#live-results a", { hasText: "Restablecer la contraseña" });
  await live.waitFor();
  // Results replace one another while typing: wait for the last one's highlighting.
  await page.locator("#live-results mark", { hasText: /contraseña/i }).first().waitFor();
  await screenshot(page, "help-live-search-es-desktop");
  await live.click();
  await page.waitForURL(/\/help\/articles\/reset-password/);
  assert.equal(await page.locator("h1").textContent(), "Restablecer la contraseña");
  await assertAccessible(page, "the article in Spanish");
  await page.getByRole("button", { name: "Sí, me ayudó" }).click();
  await page.getByText("Gracias por su opinión.").waitFor();
  assert.match(page.url(), /reset-password$/, "the vote went through fetch, not a page load");
  await assertAccessible(page, "the article after voting");
  assert.deepEqual(errors, []);
  await context.close();
});

test("search, open the article and vote without JavaScript", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/help`);
  await page.getByLabel("Search the help center").fill("whatsapp");
  await page.getByLabel("Search the help center").press("Enter");
  await page.waitForURL(/\/help\/search\?q=whatsapp/);
  assert.equal(await page.getByRole("heading", { level: 2 }).first().textContent(), "1 article found");
  await screenshot(page, "help-search-en-desktop-nojs");
  await page.getByRole("link", { name: "Contact us on WhatsApp" }).click();
  await page.getByRole("button", { name: "Yes, it helped" }).click();
  await page.waitForURL(/voted=thanks/);
  assert.ok(await page.getByText("Thank you for your feedback.").isVisible());
  const article = (await api("GET", "/kb/articles/contact-by-whatsapp")).article;
  assert.equal(article.helpful, 1);
  await context.close();
});

test("a fallback article says which language it shows", async () => {
  const context = await visitor(chromium.browser, { locale: "tr-TR" });
  const page = await context.newPage();
  const response = await page.goto(`${BASE}/help/articles/ticket-statuses`);
  assert.equal(response.headers()["content-language"], "en");
  assert.ok(await page.getByText("Bu makale Türkçe dilinde mevcut değil; İngilizce dilinde gösteriliyor.").isVisible());
  await assertAccessible(page, "a fallback article");
  await context.close();
});

test("on a phone", async () => {
  const context = await visitor(chromium.browser, { locale: "es-ES", viewport: PHONE });
  const page = await context.newPage();
  for (const [path, name] of [["/help", "index"], ["/help/search?q=whatsapp", "search"],
    ["/help/articles/reset-password", "article"], ["/help/articles/ticket-statuses", "table"]]) {
    await page.goto(`${BASE}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px on a phone`);
    await assertAccessible(page, `${path} on a phone`);
    await screenshot(page, `help-${name}-es-phone`);
  }
  await context.close();
});

test("with the keyboard alone", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US", viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`${BASE}/help`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  await tabTo(page, page.locator("#q"));
  await page.keyboard.type("password");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/help\/search/);
  await tabTo(page, page.getByRole("link", { name: "Reset your password" }).last());
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/help\/articles\/reset-password/);
  const presses = await tabTo(page, page.getByRole("button", { name: "No", exact: true }));
  assert.ok(presses > 0);
  await screenshot(page, "help-article-en-desktop-keyboard");
  await page.keyboard.press("Enter");
  await page.getByText(/Thank you for your feedback|already rated/).waitFor();
  await context.close();
});

test("the contact form suggests articles as the subject is typed", async () => {
  const context = await visitor(chromium.browser, { locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${BASE}/support/new`);
  await page.getByLabel("Subject").pressSequentially("I forgot my password", { delay: 30 });
  const suggestion = page.locator("#fd-suggestions a", { hasText: "Reset your password" });
  await suggestion.waitFor();
  assert.match(await suggestion.getAttribute("href"), /^\/help\/articles\/reset-password\?from=suggestion$/);
  await assertAccessible(page, "/support/new with suggestions");
  await screenshot(page, "support-new-suggestions-en-desktop");
  await context.close();
});


test("the contact form in Turkish on a phone: suggested, filled in, answered in Turkish", async () => {
  const context = await visitor(chromium.browser, { locale: "tr-TR", viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${BASE}/support/new`);
  assert.equal(await page.locator("h1").textContent(), "Destek ekibine yazın");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `/support/new scrolls sideways by ${overflow}px on a phone`);
  await page.getByLabel("Adınız").fill("Ayşe Yılmaz");
  await page.getByLabel("E-posta adresi").fill("ayse@example.com");
  await page.getByLabel("Konu").pressSequentially("Şifremi unuttum", { delay: 30 });
  await page.locator("#fd-suggestions a", { hasText: "Şifrenizi sıfırlayın" }).waitFor();
  await page.getByLabel("Kategori").selectOption("account");
  await page.getByLabel("Açıklama").fill("Giriş yapamıyorum.");
  await assertAccessible(page, "/support/new in Turkish on a phone");
  await screenshot(page, "support-new-tr-phone");
  await page.getByRole("button", { name: "Talebi gönder" }).click();
  await page.getByRole("heading", { name: "Teşekkürler, talebinizi aldık" }).waitFor();
  assert.match(await page.locator("main strong").first().textContent(), /^TKT-/);
  await assertAccessible(page, "the contact form's answer in Turkish");
  await screenshot(page, "support-answer-tr-phone");
  await context.close();
});
