// SPDX-License-Identifier: Apache-2.0
// Build step: compiles web/console/i18n/<locale>.po into <out>/console-<locale>.json ({key: text})
// and fails the build when a catalogue lacks a key another has, or a key the code names in
// t("…") is missing anywhere. Runs under Node.js at build time only.
//   node build_i18n.mjs <i18n dir> <source dir> <out dir>
import fs from "node:fs";
import path from "node:path";
import { checkCatalogues, readCatalogues } from "../catalogues.mjs";

const [i18nDir, sourceDir, outDir] = process.argv.slice(2);
const catalogues = readCatalogues(i18nDir);
checkCatalogues(catalogues, sourceDir, "console");
fs.mkdirSync(outDir, { recursive: true });
for (const [locale, messages] of Object.entries(catalogues)) {
  fs.writeFileSync(path.join(outDir, `console-${locale}.json`), JSON.stringify(messages));
}
