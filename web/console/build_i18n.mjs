// Build step: compiles web/console/i18n/<locale>.po into <out>/console-<locale>.json ({key: text})
// and fails the build when a catalogue lacks a key another has, or a key the code names in
// t("…") is missing anywhere. Runs under Node.js at build time only.
//   node build_i18n.mjs <i18n dir> <source dir> <out dir>
import fs from "node:fs";
import path from "node:path";
import gettextParser from "gettext-parser";

const [i18nDir, sourceDir, outDir] = process.argv.slice(2);
const catalogues = {};
for (const file of fs.readdirSync(i18nDir).filter((f) => f.endsWith(".po")).sort()) {
  const parsed = gettextParser.po.parse(fs.readFileSync(path.join(i18nDir, file)));
  const messages = {};
  for (const entry of Object.values(parsed.translations[""] || {})) {
    if (!entry.msgid) continue;
    if (!entry.msgstr[0]) throw new Error(`${file}: "${entry.msgid}" has no translation`);
    messages[entry.msgid] = entry.msgstr[0];
  }
  catalogues[path.basename(file, ".po")] = messages;
}

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
  console.error("console catalogues:\n  " + [...new Set(problems)].join("\n  "));
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const [locale, messages] of Object.entries(catalogues)) {
  fs.writeFileSync(path.join(outDir, `console-${locale}.json`), JSON.stringify(messages));
}
