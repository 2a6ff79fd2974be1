// SPDX-License-Identifier: Apache-2.0
// Build step (Node.js, build time only): the widget's two bundles, with the catalogues of
// web/widget/i18n built in and checked (web/catalogues.mjs).
//   widget.js        the launcher /widget.js serves: plain DOM, the button's words only
//   widget-panel.js  the panel, loaded on the first open: Preact, every word
//   node build.mjs <out dir>
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { checkCatalogues, readCatalogues } from "../catalogues.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
const catalogues = readCatalogues(path.join(here, "i18n"));
checkCatalogues(catalogues, here, "widget");
const launcherText = Object.fromEntries(Object.entries(catalogues).map(([locale, m]) =>
  [locale, { open: m.open, close: m.close, loading: m.loading, load_failed: m.load_failed }]));

const common = {
  bundle: true, minify: true, format: "iife", target: "es2020", logLevel: "warning",
  loader: { ".css": "text" }, jsx: "automatic", jsxImportSource: "preact",
};
await esbuild.build({
  ...common, entryPoints: [path.join(here, "launcher.ts")], outfile: path.join(outDir, "widget.js"),
  define: { WIDGET_LAUNCHER_TEXT: JSON.stringify(launcherText) },
});
await esbuild.build({
  ...common, entryPoints: [path.join(here, "panel.tsx")], outfile: path.join(outDir, "widget-panel.js"),
  define: { WIDGET_CATALOGUES: JSON.stringify(catalogues) },
});
