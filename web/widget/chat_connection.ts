// SPDX-License-Identifier: Apache-2.0
// The chat over WebSocket /livechat/ws (docs/livechat.md): each connection opens with a
// hello that resumes from the last seq shown, so nothing is lost or shown twice after a drop;
// every message carries a clientMsgId and is sent again after a reconnect until it is
// acknowledged (a repeat is stored once).
export interface ChatMessage {
  seq: number;
  author: "visitor" | "agent" | "system";
  authorName?: string;
  text: string;
  at: number;
}

export interface ChatEvents {
  message(m: ChatMessage): void;
  typing(author: string | undefined, lastsMs: number): void;
  connected(open: boolean): void;
  refused(clientMsgId: string, reason: string): void;
}

const VISITOR_KEY = "frontdesk-visitor";
const TYPING_EVERY_MS = 2000;

export class ChatConnection {
  private socket?: WebSocket;
  private lastSeq = 0;
  private unacknowledged = new Map<string, string>(); // clientMsgId → text, in sending order
  private retryMs = 500;
  private typingSent = 0;
  private stopped = false;

  // `user`: a visitor the host site has signed in (its HMAC of the user id); otherwise an
  // anonymous visitor, whose token the server gives on the first visit and this site keeps.
  constructor(private readonly url: string, private readonly user: { id: string; hash: string } | undefined,
              private readonly events: ChatEvents) {}

  static forVisitor(origin: string, user: { id: string; hash: string } | undefined, events: ChatEvents): ChatConnection {
    return new ChatConnection(`${origin.replace(/^http/, "ws")}/livechat/ws`, user, events);
  }

  connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const token = this.user ? null : localStorage.getItem(VISITOR_KEY);
      this.frame({
        type: "hello",
        resume: this.lastSeq,
        ...(this.user ? { identity: { userId: this.user.id, hmac: this.user.hash } } : token ? { visitorToken: token } : {}),
      });
    };
    socket.onmessage = (e) => this.received(JSON.parse(String(e.data)));
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.events.connected(false);
      window.setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15000);
    };
  }

  send(text: string): void {
    const id = `w-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.unacknowledged.set(id, text);
    this.frame({ type: "message", clientMsgId: id, text });
  }

  // Called as the visitor types; the agents hear of it at most every two seconds.
  typing(): void {
    const now = Date.now();
    if (now - this.typingSent < TYPING_EVERY_MS) return;
    this.typingSent = now;
    this.frame({ type: "typing" });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private frame(frame: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private received(frame: Record<string, unknown>): void {
    switch (frame.type) {
      case "welcome":
        if (typeof frame.visitorToken === "string") localStorage.setItem(VISITOR_KEY, frame.visitorToken);
        this.retryMs = 500;
        this.events.connected(true);
        for (const [id, text] of this.unacknowledged) this.frame({ type: "message", clientMsgId: id, text });
        break;
      case "message": {
        const m = frame as unknown as ChatMessage & { clientMsgId?: string };
        if (m.seq <= this.lastSeq) return;
        this.lastSeq = m.seq;
        if (m.clientMsgId) this.unacknowledged.delete(m.clientMsgId);
        this.events.message(m);
        this.frame({ type: "read", seq: m.seq });
        break;
      }
      case "ack":
        this.unacknowledged.delete(String(frame.clientMsgId));
        break;
      case "typing":
        this.events.typing(frame.authorName as string | undefined, Number(frame.expiresIn));
        break;
      case "error":
        if (frame.clientMsgId && frame.code !== "unavailable") {
          this.unacknowledged.delete(String(frame.clientMsgId));
          this.events.refused(String(frame.clientMsgId), String(frame.message));
        }
        if (frame.code === "resume_from_future") this.lastSeq = 0;
        break;
    }
  }
}
