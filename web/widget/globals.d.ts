// SPDX-License-Identifier: Apache-2.0
// Values web/widget/build.mjs puts into the bundles at build time, and the CSS they import as
// text (applied to the shadow root as constructed style sheets, which a host page's CSP
// allows without 'unsafe-inline').
type WidgetCatalogue = Record<string, string>;
declare const WIDGET_CATALOGUES: Record<string, WidgetCatalogue>;
declare const WIDGET_LAUNCHER_TEXT: Record<string, { open: string; close: string; loading: string; load_failed: string }>;

// The panel bundle registers itself here for the launcher (options.ts).
interface Window {
  FrontdeskWidgetPanel?: import("./options").PanelModule;
}

declare module "*.css" {
  const text: string;
  export default text;
}
