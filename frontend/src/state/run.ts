// The current training run's store: which experiment it is, what its stream said (state/stream.ts reduces
// that), and the hooks views read it with. Only state/runActions.ts writes it.
import { useEffect, useMemo } from "react";
import { create } from "zustand";
import { experimentStream } from "../api/socket";
import { type Boundary, boundaryOf, frameOf, type ProbeFrame } from "./frames";
import { INITIAL_STREAM, type StreamState } from "./stream";

export type RunState = StreamState & {
  experimentId: string | null;
  /** What the editor showed when the experiment was created (see lib/graphSpec runFingerprint). */
  fingerprint: string | null;
  connected: boolean;
  busy: boolean;
};

export const idleRun = (): RunState => ({
  ...INITIAL_STREAM,
  experimentId: null,
  fingerprint: null,
  connected: false,
  busy: false,
});

export const useRun = create<RunState>()(() => idleRun());

/** The newest frame of a probe for a node (null: a probe of the whole model), or null before the first. */
export function useFrame(probe: string, node: string | null = null): ProbeFrame | null {
  return useRun((s) => frameOf(s.frames, probe, node));
}

/** The newest frame of a probe for every node that has one, by node id ("" for the whole model). */
export function useFrames(probe: string): Readonly<Record<string, ProbeFrame>> | undefined {
  return useRun((s) => s.frames[probe]);
}

/** Watches a probe on the run's socket while the calling view is mounted. */
export function useWatch(probe: string, node: string | null = null): void {
  useEffect(() => experimentStream.watch(probe, node), [probe, node]);
}

/** The decision boundary (or regression surface) to draw, or null before the first frame. */
export function useBoundary(): Boundary | null {
  const frame = useFrame("boundary");
  return useMemo(() => boundaryOf(frame), [frame]);
}
