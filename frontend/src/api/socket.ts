// One websocket per experiment. It remembers the last `seq` it saw so a reconnect asks the server to replay
// only what was missed (`?since=SEQ`).
import { decodeFrame, type TensorFrame } from "./frames";
import type { StreamMessage } from "./types";

export type SocketHandlers = {
  onMessage: (message: StreamMessage) => void;
  onFrame: (frame: TensorFrame) => void;
  onProblem: (message: string) => void;
  /** Asked after every close: reconnect only while the experiment can still produce something. */
  shouldReconnect: () => boolean;
  onConnectionChange?: (connected: boolean) => void;
};

const MAX_RETRY_DELAY_MS = 5000;

/** A `watch` message of docs/protocol.md: probe frames flow only while a client watches them. */
export type WatchRequest = {
  probe: string;
  node?: string | null;
  samples?: number[];
  options?: Record<string, unknown>;
};

export function streamUrl(id: string, since: number | null, location: Pick<Location, "protocol" | "host">): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = since !== null ? `?since=${since}` : "";
  return `${scheme}//${location.host}/ws/experiments/${encodeURIComponent(id)}${query}`;
}

export class ExperimentSocket {
  private socket: WebSocket | null = null;
  private lastSeq: number | null = null;
  private closed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watches = new Map<string, WatchRequest>();

  constructor(
    readonly experimentId: string,
    private readonly handlers: SocketHandlers,
  ) {
    this.connect();
  }

  get seq(): number | null {
    return this.lastSeq;
  }

  /** Watch a probe; kept and re-sent on every reconnect (the server unwatches a closed socket). */
  watch(request: WatchRequest): void {
    const id = `${request.probe}:${request.node ?? ""}:${JSON.stringify(request.samples ?? [0])}`;
    this.watches.set(id, request);
    this.send(request);
  }

  private send(request: WatchRequest): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: "watch", ...request }));
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    const socket = new WebSocket(streamUrl(this.experimentId, this.lastSeq, window.location));
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.retries = 0;
      this.handlers.onConnectionChange?.(true);
      for (const request of this.watches.values()) this.send(request);
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
