// SPDX-License-Identifier: Apache-2.0
// What the launcher hands the panel: where the daemon is, the visitor's language, and the
// host site's signed user, if it gave one (<script data-user-id data-user-hash>).
export interface WidgetOptions {
  origin: string; // the daemon's, e.g. https://desk.example
  locale: string; // one of the catalogues' (en, es, tr)
  user?: { id: string; hash: string };
}

// The panel bundle's entry, as the launcher finds it once the script has run.
export interface PanelModule {
  mount(root: ShadowRoot, options: WidgetOptions, close: () => void): void;
}

// The style sheet `css` adopted by `root` beside the ones it has.
export function adoptStyle(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
