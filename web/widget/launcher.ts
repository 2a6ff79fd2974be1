// SPDX-License-Identifier: Apache-2.0
// /widget.js: the launcher a site embeds with one script tag,
//   <script src="https://desk.example/widget.js" async data-lang="es"></script>
// A button in a shadow root of its own; the panel (help, chat, contact: widget-panel.js, with
// Preact) loads from the same daemon the first time the button is pressed. Nothing else is
// fetched before then, and nothing from anyone else ever.
import css from "./launcher.css";
import { adoptStyle, type PanelModule, type WidgetOptions } from "./options";

// A speech bubble, built node by node: no markup strings, so pages that enforce Trusted
// Types take the widget too.
function icon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z");
  svg.append(path);
  return svg;
}

function chooseLocale(script: HTMLScriptElement): string {
  const offered = Object.keys(WIDGET_LAUNCHER_TEXT);
  const wanted = [script.dataset.lang, document.documentElement.lang, ...navigator.languages];
  for (const tag of wanted) {
    const language = (tag ?? "").toLowerCase().split("-")[0];
    if (offered.includes(language)) return language;
  }
  return "en";
}

function loadPanel(origin: string): Promise<PanelModule> {
  return new Promise((resolve, reject) => {
    if (window.FrontdeskWidgetPanel) return resolve(window.FrontdeskWidgetPanel);
    const script = document.createElement("script");
    script.src = `${origin}/assets/widget-panel.js`;
    script.async = true;
    script.onload = () => (window.FrontdeskWidgetPanel ? resolve(window.FrontdeskWidgetPanel) : reject(new Error("no panel")));
    script.onerror = () => reject(new Error("the panel did not load"));
    document.head.append(script);
  });
}

function start(script: HTMLScriptElement): void {
  const options: WidgetOptions = { origin: new URL(script.src).origin, locale: chooseLocale(script) };
  const { userId, userHash } = script.dataset;
  if (userId && userHash) options.user = { id: userId, hash: userHash };
  const text = WIDGET_LAUNCHER_TEXT[options.locale];

  const host = document.createElement("div");
  host.setAttribute("data-frontdesk-widget", "");
  const root = host.attachShadow({ mode: "open" });
  adoptStyle(root, css);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "launcher";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-haspopup", "dialog");
  button.append(icon(), text.open);
  const status = document.createElement("p");
  status.className = "status";
  status.setAttribute("role", "status");
  root.append(button, status);
  document.body.append(host);

  let mounted = false;
  const close = () => {
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  button.addEventListener("click", async () => {
    button.setAttribute("aria-expanded", "true");
    if (mounted) {
      root.dispatchEvent(new CustomEvent("frontdesk-open"));
      return;
    }
    status.textContent = text.loading;
    try {
      (await loadPanel(options.origin)).mount(root, options, close);
      mounted = true;
      status.textContent = "";
    } catch {
      status.textContent = text.load_failed;
      button.setAttribute("aria-expanded", "false");
    }
  });
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) start(script);
  else document.addEventListener("DOMContentLoaded", () => start(script));
}
