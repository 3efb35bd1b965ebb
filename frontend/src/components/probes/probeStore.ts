// Probe frames of the current run, the watches the shown views hold, and the pinned test sample. A view calls
// useWatch while it is shown: the first holder of a watch sends `watch`, the last one to let go `unwatch`; on a
// reconnect or a new run every held watch is sent again (the server forgets a closed socket's watches).
import { useEffect } from "react";
import { create } from "zustand";
import { api } from "../../api/client";
import type { TensorFrame } from "../../api/frames";
import type { ProbeInfo } from "../../api/types";
import { listenToStream, sendOnStream, useRun } from "../../state/run";

export type WatchSpec = {
  probe: string;
  node?: string | null;
  samples?: number[];
  options?: Record<string, unknown>;
};

type ProbeState = {
  /** Newest frame of each (probe, node), see slotOf. */
  frames: Record<string, TensorFrame>;
  /** The server's reason for refusing a watch, per (probe, node). */
  problems: Record<string, string>;
  /** The test-set index the sample-based views look at. */
  pinned: number;
  catalog: ProbeInfo[];
  pin: (index: number) => void;
};

export const useProbes = create<ProbeState>()((set) => ({
  frames: {},
  problems: {},
  pinned: 0,
  catalog: [],
  pin: (pinned) => set({ pinned }),
}));

export const slotOf = (probe: string, node?: string | null) => `${probe}:${node ?? "*"}`;

type Held = { spec: WatchSpec; count: number };
const held = new Map<string, Held>();

const idOf = (spec: WatchSpec) =>
  JSON.stringify([spec.probe, spec.node ?? null, spec.samples ?? [0], spec.options ?? {}]);

function sendWatch(spec: WatchSpec): void {
  sendOnStream({
    type: "watch",
    probe: spec.probe,
    ...(spec.node ? { node: spec.node } : {}),
    samples: spec.samples ?? [0],
    options: spec.options ?? {},
  });
}

function hold(spec: WatchSpec): () => void {
  const id = idOf(spec);
  const entry = held.get(id);
  if (entry) entry.count++;
  else {
    held.set(id, { spec, count: 1 });
    sendWatch(spec);
  }
  return () => {
    const current = held.get(id);
    if (!current) return;
    current.count--;
    if (current.count > 0) return;
    held.delete(id);
    const stillWatched = [...held.values()].some(
      (h) => h.spec.probe === spec.probe && (h.spec.node ?? null) === (spec.node ?? null),
    );
    // `unwatch` by probe and node ends every watch of that pair; keep it when another view still holds one.
    if (!stillWatched) sendOnStream({ type: "unwatch", probe: spec.probe, node: spec.node ?? null });
  };
}

/** Watches `spec` while the calling view is shown (spec null: nothing). */
export function useWatch(spec: WatchSpec | null): void {
  const id = spec ? idOf(spec) : null;
  useEffect(() => {
    if (!spec) return;
    return hold(spec);
    // The id captures every field of the spec.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
}

/** The newest frame of a probe (and node), if one came. */
export function useFrame(probe: string, node?: string | null): TensorFrame | undefined {
  return useProbes((s) => s.frames[slotOf(probe, node)]);
}

function receiveFrame(frame: TensorFrame): void {
  const node = typeof frame.header.node === "string" ? frame.header.node : null;
  const slot = slotOf(frame.header.type, node);
  useProbes.setState((s) => ({ frames: { ...s.frames, [slot]: frame } }));
}

type WatchError = { type: "watch_error"; probe?: string; node?: string | null; message?: string };

function receiveMessage(message: { type: string }): void {
  if (message.type !== "watch_error") return;
  const problem = message as WatchError;
  if (!problem.probe) return;
  const slot = slotOf(problem.probe, problem.node);
  useProbes.setState((s) => ({ problems: { ...s.problems, [slot]: problem.message ?? "" } }));
}

let catalogRequested = false;

/** Connects the store to the run's stream; call once at start-up. Answers a function that disconnects it. */
export function startProbes(): () => void {
  listenToStream({ frame: receiveFrame, message: receiveMessage });
  if (!catalogRequested) {
    catalogRequested = true;
    // A server without probes answers 404: the views then stay hidden.
    api.probes().then(
      (catalog) => useProbes.setState({ catalog }),
      () => undefined,
    );
  }
  const stop = useRun.subscribe((s, prev) => {
    if (s.experimentId !== prev.experimentId) useProbes.setState({ frames: {}, problems: {} });
    if (s.connected && (!prev.connected || s.experimentId !== prev.experimentId)) {
      for (const { spec } of held.values()) sendWatch(spec);
    }
  });
  return () => {
    stop();
    listenToStream(null);
  };
}
