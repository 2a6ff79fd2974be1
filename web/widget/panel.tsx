// SPDX-License-Identifier: Apache-2.0
// widget-panel.js: the panel the launcher opens, in the launcher's shadow root — a dialog with
// three tabs (help; chat, or the contact form when no agent can chat). Loaded on the first
// open only; it registers itself as window.FrontdeskWidgetPanel for the launcher.
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { availability, type Availability } from "./api";
import { Chat } from "./chat";
import { Contact } from "./contact";
import { Help } from "./help";
import { t, useLocale } from "./i18n";
import { adoptStyle, type PanelModule, type WidgetOptions } from "./options";
import css from "./panel.css";

type Tab = "help" | "talk";

function Panel({ options, root, close }: { options: WidgetOptions; root: ShadowRoot; close: () => void }) {
  const [open, setOpen] = useState(true);
  const [tab, setTab] = useState<Tab>("help");
  const [reach, setReach] = useState<Availability | null>(null);
  const [talked, setTalked] = useState(false); // once opened, the chat stays connected
  const dialog = useRef<HTMLDivElement>(null);
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ help: null, talk: null });

  useEffect(() => {
    availability(options.origin).then(setReach, () => setReach({ chat: false, reason: "no_agent" }));
    const reopen = () => setOpen(true);
    root.addEventListener("frontdesk-open", reopen);
    return () => root.removeEventListener("frontdesk-open", reopen);
  }, []);
  useEffect(() => {
    if (tab === "talk") setTalked(true);
  }, [tab]);
  // Opening puts the focus in the panel's first field; closing gives it back to the launcher.
  useEffect(() => {
    if (open) dialog.current?.querySelector<HTMLElement>(`#fd-panel-${tab} input, #fd-panel-${tab} textarea`)?.focus();
  }, [open]);

  const hide = () => {
    setOpen(false);
    close();
  };
  const talkLabel = reach?.chat ? t("tab_chat") : t("tab_contact");
  const choose = (next: Tab) => {
    setTab(next);
    tabs.current[next]?.focus();
  };
  const tabButton = (id: Tab, label: string) => (
    <button type="button" role="tab" id={`fd-tab-${id}`} aria-controls={`fd-panel-${id}`} aria-selected={tab === id}
      tabIndex={tab === id ? 0 : -1} ref={(el) => {
        tabs.current[id] = el;
      }} onClick={() => setTab(id)}
      onKeyDown={(e) => {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") choose(id === "help" ? "talk" : "help");
      }}>
      {label}
    </button>
  );

  return (
    <div class="panel" role="dialog" aria-labelledby="fd-title" hidden={!open} ref={dialog}
      onKeyDown={(e) => e.key === "Escape" && hide()}>
      <header>
        <h2 id="fd-title">{t("title")}</h2>
        <button type="button" class="close" aria-label={t("close")} onClick={hide}>×</button>
      </header>
      <div role="tablist" aria-label={t("sections")}>
        {tabButton("help", t("tab_help"))}
        {reach && tabButton("talk", talkLabel)}
      </div>
      <div role="tabpanel" id="fd-panel-help" aria-labelledby="fd-tab-help" hidden={tab !== "help"}>
        <Help options={options} />
      </div>
      {reach && (
        <div role="tabpanel" id="fd-panel-talk" aria-labelledby="fd-tab-talk" hidden={tab !== "talk"}>
          {(talked || tab === "talk") && (reach.chat ? <Chat options={options} /> : <Contact options={options} why={reach.reason} />)}
        </div>
      )}
    </div>
  );
}

const panel: PanelModule = {
  mount(root, options, close) {
    useLocale(options.locale);
    adoptStyle(root, css);
    const container = document.createElement("div");
    container.lang = options.locale;
    root.append(container);
    render(<Panel options={options} root={root} close={close} />, container);
  },
};
window.FrontdeskWidgetPanel = panel;
