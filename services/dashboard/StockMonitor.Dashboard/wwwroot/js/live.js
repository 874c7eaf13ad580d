// The page's one live connection: Server-Sent Events from /api/live. EventSource reconnects by itself after a
// dropped connection; when the server answers with an error it gives up, so this reconnects it then, with a
// growing pause. Every (re)connection starts with fresh snapshots, so nothing missed while away stays missing.
// The state is shown to the user: live, reconnecting, or stale since the last message.

const STALE_AFTER_MS = 5000;
const HANDLED = ["hello", "market", "quotes", "portfolio", "portfolios", "portfolio-missing", "alerts", "alert", "session", "ping"];

export class LiveConnection {
  /**
   * @param {URLSearchParams} params what the page follows (symbols, portfolio, portfolios)
   * @param {Record<string, (data: any) => void>} handlers by event name
   * @param {(state: {state: string, since: number|null}) => void} onState
   */
  constructor(params, handlers, onState) {
    this.url = `/api/live?${params}`;
    this.handlers = handlers;
    this.onState = onState;
    this.source = null;
    this.retry = 1000;
    this.heartbeatMs = 5000;
    this.lastMessageAt = null;
    this.state = "connecting";
    this.watchdog = setInterval(() => this.check(), 1000);
    addEventListener("online", () => this.reconnect());
  }

  start() {
    this.open();
  }

  open() {
    this.close();
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.retry = 1000;
    };
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        // The server refused (or is gone and answered with an error): try again later, ourselves.
        this.setState("reconnecting");
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.open(), this.retry);
        this.retry = Math.min(this.retry * 2, 15000);
      } else {
        this.setState("reconnecting");
      }
    };
    for (const name of HANDLED) {
      source.addEventListener(name, (event) => this.receive(source, name, event));
    }
  }

  receive(source, name, event) {
    if (source !== this.source) return;
    this.lastMessageAt = Date.now();
    this.setState("live");
    const data = event.data ? JSON.parse(event.data) : null;
    if (name === "hello" && data?.heartbeatMs) this.heartbeatMs = data.heartbeatMs;
    const handler = this.handlers[name];
    if (handler) handler(data);
  }

  /** No message for three heartbeats: the connection is dead even if the browser has not noticed. */
  check() {
    if (this.state === "live" && this.lastMessageAt && Date.now() - this.lastMessageAt > 3 * this.heartbeatMs) {
      this.reconnect();
    }
    if (this.state !== "live") this.setState(this.state, true);
  }

  reconnect() {
    this.setState("reconnecting");
    this.open();
  }

  close() {
    clearTimeout(this.timer);
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  setState(state, refresh = false) {
    if (state === this.state && !refresh) return;
    this.state = state;
    // A few seconds without a connection, and the page says since when its figures are stale.
    const down = this.lastMessageAt ? Date.now() - this.lastMessageAt : 0;
    const shown = state === "reconnecting" && down > STALE_AFTER_MS ? "stale" : state;
    this.onState({ state: shown, since: this.lastMessageAt });
  }
}
