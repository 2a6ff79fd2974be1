// SPDX-License-Identifier: Apache-2.0
// The console's words, from web/console/i18n/<locale>.po (compiled to JSON at build time and
// served as hashed assets the page names in data-i18n-<locale>). "{1}", "{2}" are arguments.
type Catalogue = Record<string, string>;

let messages: Catalogue = {};
let current = "en";

export function offeredLocales(): string[] {
  return Object.keys(document.body.dataset)
    .filter((k) => k.startsWith("i18n"))
    .map((k) => k.slice(4).toLowerCase());
}

export async function loadLocale(wanted: string): Promise<void> {
  const offered = offeredLocales();
  const locale = offered.includes(wanted) ? wanted : document.body.dataset.lang || "en";
  const url = document.body.dataset["i18n" + locale.charAt(0).toUpperCase() + locale.slice(1)];
  if (!url) return;
  const response = await fetch(url);
  messages = await response.json();
  current = locale;
  document.documentElement.lang = locale;
}

export function locale(): string {
  return current;
}

export function t(key: string, ...args: Array<string | number>): string {
  const text = messages[key] ?? key;
  return args.reduce<string>((out, arg, i) => out.split(`{${i + 1}}`).join(String(arg)), text);
}

// Dates and durations as the agent's language writes them.
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function relative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(current, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86400), "day");
}
