// SPDX-License-Identifier: Apache-2.0
// Build-time helpers (Node.js) for the message catalogues of the browser code
// (web/console/i18n, web/widget/i18n): each <locale>.po read into {key: text}, and checked —
// every catalogue has every key another has, and every key the code names in t("…") exists.
import fs from "node:fs";
import path from "node:path";
import gettextParser from "gettext-parser";

// {locale: {key: text}} from every <locale>.po of `dir`; an untranslated key is an error.
export function readCatalogues(dir) {
  const catalogues = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".po")).sort()) {
    const parsed = gettextParser.po.parse(fs.readFileSync(path.join(dir, file)));
    const messages = {};
    for (const entry of Object.values(parsed.translations[""] || {})) {
      if (!entry.msgid) continue;
      if (!entry.msgstr[0]) throw new Error(`${file}: "${entry.msgid}" has no translation`);
      messages[entry.msgid] = entry.msgstr[0];
    }
    catalogues[path.basename(file, ".po")] = messages;
  }
  return catalogues;
}

// Ends the build (exit 1, naming each problem) when a catalogue lacks a key another has or
// the code under `sourceDir` uses a key none has.
export function checkCatalogues(catalogues, sourceDir, what) {
  const problems = [];
  const allKeys = new Set(Object.values(catalogues).flatMap((m) => Object.keys(m)));
  for (const [locale, messages] of Object.entries(catalogues)) {
    for (const key of allKeys) if (!(key in messages)) problems.push(`${locale}.po lacks "${key}"`);
  }
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
  for (const file of walk(sourceDir)) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/\bt\("([a-z0-9_]+)"\s*[,)]/g)) {
      if (!allKeys.has(match[1])) problems.push(`${path.relative(sourceDir, file)} uses "${match[1]}", which no catalogue has`);
    }
  }
  if (problems.length) {
    console.error(`${what} catalogues:\n  ` + [...new Set(problems)].join("\n  "));
    process.exit(1);
  }
}
