// The current training run's store: which experiment it is, what its stream said (state/stream.ts reduces
// that), and the hooks views read it with. Only state/runActions.ts writes it.
//
// Views read "the run" through a scope: the page's own run by default, or another run shown read-only (a
// teacher looking at a student's run) whose store, stream and graph a RunScopeContext provider supplies.
import { createContext, useContext, useEffect, useMemo } from "react";
import { create, type StoreApi, useStore } from "zustand";
import { experimentStream, type WatchExtras } from "../api/socket";
import type { DatasetPreview, DatasetRef } from "../api/types";
import type { EditorEdge, EditorNode } from "../lib/graphSpec";
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

/** What a run shown read-only was made of, in place of the editor's. */
export type ShownRun = {
  nodes: EditorNode[];
  edges: EditorEdge[];
  dataset: DatasetRef;
  preview: DatasetPreview | null;
};

export type RunScope = {
  run: StoreApi<RunState>;
  watch: (probe: string, node: string | null, extras?: WatchExtras) => () => void;
  /** Absent for the page's own run, whose graph and data set are the editor's. */
  shown?: ShownRun;
};

export const RunScopeContext = createContext<RunScope>({ run: useRun, watch: experimentStream.watch });

export function useRunScope(): RunScope {
  return useContext(RunScopeContext);
}

/** A slice of the run in scope (the page's, or the one shown read-only). */
export function useRunState<T>(selector: (state: RunState) => T): T {
  return useStore(useRunScope().run, selector);
}

/** The store of the run in scope, for reading it outside a render (chart data). */
export function useRunStore(): StoreApi<RunState> {
  return useRunScope().run;
}

/** True inside a read-only view of another run: no controls, nothing that changes the run or the editor. */
export function useReadOnly(): boolean {
  return useRunScope().shown !== undefined;
}

/** The newest frame of a probe for a node (null: a probe of the whole model), or null before the first. */
export function useFrame(probe: string, node: string | null = null): ProbeFrame | null {
  return useRunState((s) => frameOf(s.frames, probe, node));
}

/** The newest frame of a probe for every node that has one, by node id ("" for the whole model). */
export function useFrames(probe: string): Readonly<Record<string, ProbeFrame>> | undefined {
  return useRunState((s) => s.frames[probe]);
}

/** Watches a probe on the run's socket while the calling view is mounted. */
export function useWatch(probe: string, node: string | null = null): void {
  const { watch } = useRunScope();
  useEffect(() => watch(probe, node), [watch, probe, node]);
}

/** The decision boundary (or regression surface) to draw, or null before the first frame. */
export function useBoundary(): Boundary | null {
  const frame = useFrame("boundary");
  return useMemo(() => boundaryOf(frame), [frame]);
}
