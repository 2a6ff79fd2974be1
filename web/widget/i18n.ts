// SPDX-License-Identifier: Apache-2.0
// The panel's words, from web/widget/i18n/<locale>.po (built into the bundle). "{1}" is an argument.
let messages: WidgetCatalogue = WIDGET_CATALOGUES.en;

export function useLocale(locale: string): void {
  messages = WIDGET_CATALOGUES[locale] ?? WIDGET_CATALOGUES.en;
}

export function t(key: string, ...args: Array<string | number>): string {
  const text = messages[key] ?? key;
  return args.reduce<string>((out, arg, i) => out.split(`{${i + 1}}`).join(String(arg)), text);
}
