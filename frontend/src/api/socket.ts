// The owners of experiment websockets. `experimentStream` holds at most one socket (the page's current run's);
// a teacher's read-only view of a student's run holds its own `WatchedStream`. A socket remembers the last `seq`
// it saw so a reconnect asks the server to replay only what was missed (`?since=SEQ`), and it re-sends the
// probes views watch whenever it (re)connects.
import { decodeFrame, type TensorFrame } from "./frames";
import { currentLanguage, type Language } from "../i18n";
import type { StreamMessage } from "./types";

/** Which test samples a probe looks at and its options (docs/protocol.md, "Watching probes"). */
export type WatchExtras = { samples?: number[]; options?: Record<string, unknown> };

/** What the browser sends on the socket: which probe of which node views are showing. */
export type ClientMessage = { type: "watch" | "unwatch"; probe: string; node: string | null } & WatchExtras;

export type SocketHandlers = {
  onMessage: (message: StreamMessage) => void;
  onFrame: (frame: TensorFrame) => void;
  onProblem: (message: string) => void;
  /** Asked after every close: reconnect only while the experiment can still produce something. */
  shouldReconnect: () => boolean;
  onConnectionChange?: (connected: boolean) => void;
};

const MAX_RETRY_DELAY_MS = 5000;

/** The stream's address; `lang` is the language the server says watch problems in (a socket sends no headers). */
export function streamUrl(
  id: string,
  since: number | null,
  location: Pick<Location, "protocol" | "host">,
  lang: Language,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ lang });
  if (since !== null) query.set("since", String(since));
  return `${scheme}//${location.host}/ws/experiments/${encodeURIComponent(id)}?${query.toString()}`;
}

export class ExperimentSocket {
  private socket: WebSocket | null = null;
  private lastSeq: number | null = null;
  private closed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly experimentId: string,
    private readonly handlers: SocketHandlers,
    /** Offered on connecting: a teacher's room key (`neurona-room-key.KEY`), never put in the URL. */
    private readonly protocols: string[] = [],
  ) {
    this.connect();
  }

  get seq(): number | null {
    return this.lastSeq;
  }

  /** Sends a JSON message when connected; answers false otherwise (then (re)connecting sends what matters). */
  send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    const location = window.location;
    const socket = new WebSocket(
      streamUrl(this.experimentId, this.lastSeq, location, currentLanguage()),
      this.protocols,
    );
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.retries = 0;
      this.handlers.onConnectionChange?.(true);
    };
    socket.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.onConnectionChange?.(false);
      if (this.closed || !this.handlers.shouldReconnect()) return;
      const delay = Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** this.retries);
      this.retries += 1;
      this.retryTimer = setTimeout(() => {
        if (!this.closed) this.connect();
      }, delay);
    };
  }

  private track(seq: unknown): void {
    if (typeof seq === "number" && (this.lastSeq === null || seq > this.lastSeq)) this.lastSeq = seq;
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    try {
      if (data instanceof ArrayBuffer) {
        const frame = decodeFrame(data);
        this.track(frame.header.seq);
        this.handlers.onFrame(frame);
        return;
      }
      if (typeof data !== "string") return;
      const message = JSON.parse(data) as StreamMessage;
      // `hello` carries the latest seq of the stream, not of a message we have seen: replay follows it.
      if (message.type !== "hello") this.track(message.seq);
      this.handlers.onMessage(message);
    } catch (err) {
      this.handlers.onProblem(err instanceof Error ? err.message : String(err));
    }
  }
}

type Watch = { probe: string; node: string | null; extras: WatchExtras; count: number };

function watchKey(probe: string, node: string | null, extras: WatchExtras): string {
  return JSON.stringify([probe, node, extras.samples ?? null, extras.options ?? null]);
}

/**
 * One run's stream at a time and the probes its views watch. The watches outlive a socket: a view keeps watching
 * its probe when a new run starts, and a reconnect sends them again.
 */
export class WatchedStream {
  private current: ExperimentSocket | null = null;
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly protocols: string[] = []) {}

  /** Streams experiment `id`, replacing any socket open before. */
  open(id: string, handlers: SocketHandlers): void {
    this.current?.close();
    const socket: ExperimentSocket = new ExperimentSocket(
      id,
      {
        ...handlers,
        onConnectionChange: (connected) => {
          if (connected) this.sendWatches(socket);
          handlers.onConnectionChange?.(connected);
        },
      },
      this.protocols,
    );
    this.current = socket;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }

  /**
   * Asks the server for a probe's frames of a node (null: of the whole model), for some pinned samples and
   * options; answers the unwatch function.
   */
  watch = (probe: string, node: string | null = null, extras: WatchExtras = {}): (() => void) => {
    const key = watchKey(probe, node, extras);
    const entry = this.watches.get(key) ?? { probe, node, extras, count: 0 };
    entry.count += 1;
    this.watches.set(key, entry);
    if (entry.count === 1) this.current?.send({ type: "watch", probe, node, ...extras });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.count -= 1;
      if (entry.count > 0) return;
      this.watches.delete(key);
      // The server's unwatch by probe and node ends every watch of that pair: keep it while another holds one.
      const shared = [...this.watches.values()].some((w) => w.probe === probe && w.node === node);
      if (!shared) this.current?.send({ type: "unwatch", probe, node });
    };
  };

  private sendWatches(socket: ExperimentSocket): void {
    for (const { probe, node, extras } of this.watches.values()) socket.send({ type: "watch", probe, node, ...extras });
  }
}

/** The page's own run. */
export const experimentStream = new WatchedStream();
