// SPDX-License-Identifier: Apache-2.0
// The chat tab: the conversation (a log screen readers follow), the agent's typing while it
// lasts, and the message box (Enter sends, Shift+Enter breaks the line).
import { useEffect, useRef, useState } from "preact/hooks";
import { ChatConnection, type ChatMessage } from "./chat_connection";
import { t } from "./i18n";
import type { WidgetOptions } from "./options";

export function Chat({ options }: { options: WidgetOptions }) {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [typing, setTyping] = useState<string | null>(null);
  const [online, setOnline] = useState(true);
  const [refusal, setRefusal] = useState("");
  const [draft, setDraft] = useState("");
  const connection = useRef<ChatConnection>();
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let typingTimer = 0;
    const chat = ChatConnection.forVisitor(options.origin, options.user, {
      message: (m) => {
        setMessages((all) => [...all, m]);
        if (m.author === "agent") setTyping(null);
      },
      typing: (author, lastsMs) => {
        setTyping(author || t("agent"));
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(() => setTyping(null), lastsMs);
      },
      connected: setOnline,
      refused: (_id, reason) => setRefusal(reason),
    });
    connection.current = chat;
    chat.connect();
    return () => {
      window.clearTimeout(typingTimer);
      chat.stop();
    };
  }, []);

  // The newest message in sight, scrolling the panel only (never the page around it).
  useEffect(() => {
    const scroller = log.current?.closest<HTMLElement>('[role="tabpanel"]');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [messages]);

  const send = () => {
    const body = draft.trim();
    if (!body) return;
    connection.current?.send(body);
    setDraft("");
    setRefusal("");
  };

  return (
    <div class="chat">
      <p class="hint">{t("chat_intro")}</p>
      <div role="log" aria-label={t("conversation")} ref={log}>
        <ol class="messages">
          {messages.map((m) => (
            <li key={m.seq} class={m.author === "visitor" ? "mine" : "theirs"}>
              <span class="author">{m.author === "visitor" ? t("you") : m.authorName || t("agent")}</span>
              <span class="body">{m.text}</span>
            </li>
          ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">{typing ? t("typing", typing) : ""}</p>
      {!online && <p class="notice" role="status">{t("reconnecting")}</p>}
      {refusal && <p class="notice" role="alert">{t("not_sent", refusal)}</p>}
      <form class="compose" onSubmit={(e) => { e.preventDefault(); send(); }}>
        <label for="fd-message" class="visually-hidden">{t("message_label")}</label>
        <textarea id="fd-message" rows={2} value={draft} placeholder={t("message_label")}
          onInput={(e) => {
            setDraft((e.target as HTMLTextAreaElement).value);
            connection.current?.typing();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              send();
            }
          }} />
        <button type="submit">{t("send")}</button>
      </form>
    </div>
  );
}
