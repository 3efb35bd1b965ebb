// What the probe views share besides the run's frames (state/run.ts keeps those, by probe and node): the
// server's probe table and the pinned test sample. useWatch holds a watch, with its samples and options, on the
// run's socket while the calling view is shown.
import { useEffect } from "react";
import { create } from "zustand";
import { api } from "../../api/client";
import type { ProbeInfo } from "../../api/types";
import { nodeKey } from "../../state/frames";
import { useRunScope, useRunState } from "../../state/run";

export type WatchSpec = {
  probe: string;
  node?: string | null;
  samples?: number[];
  options?: Record<string, unknown>;
};

type ProbeState = {
  /** The test-set index the sample-based views look at. */
  pinned: number;
  catalog: ProbeInfo[];
  pin: (index: number) => void;
};

export const useProbes = create<ProbeState>()((set) => ({
  pinned: 0,
  catalog: [],
  pin: (pinned) => set({ pinned }),
}));

const idOf = (spec: WatchSpec) =>
  JSON.stringify([spec.probe, spec.node ?? null, spec.samples ?? null, spec.options ?? null]);

/** Watches `spec` while the calling view is shown (spec null: nothing). */
export function useWatch(spec: WatchSpec | null): void {
  const id = spec ? idOf(spec) : null;
  const { watch } = useRunScope();
  useEffect(() => {
    if (!spec) return;
    const extras = {
      ...(spec.samples ? { samples: spec.samples } : {}),
      ...(spec.options ? { options: spec.options } : {}),
    };
    return watch(spec.probe, spec.node ?? null, extras);
    // The id captures every field of the spec.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, watch]);
}

/** Why the server refused a watch of this probe (and node), if it did. */
export function useProbeProblem(probe: string, node?: string | null): string | undefined {
  return useRunState((s) => s.probeProblems[probe]?.[nodeKey(node)]);
}

let catalogRequested = false;

/**
 * Loads the probe table once (again with `fresh`, after a language switch: its titles are the server's words); a
 * server without probes answers 404 and the views stay hidden.
 */
export function loadProbeCatalog(fresh = false): void {
  if (catalogRequested && !fresh) return;
  catalogRequested = true;
  api.probes().then(
    (catalog) => useProbes.setState({ catalog }),
    () => {
      catalogRequested = false;
    },
  );
}
