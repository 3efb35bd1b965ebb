// The `norms` probe: every parametrised node's weight norm, gradient norm and update/weight ratio over time.
import { useMemo } from "react";
import type { TensorFrame } from "../../api/frames";
import type { NormsTable } from "../../lib/probes/stats";
import { useWatch } from "./probeStore";
import { useFrame } from "../../state/run";

const NORMS_SPEC = { probe: "norms" };

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
const numbers = (v: unknown) => (Array.isArray(v) ? v.map(Number) : []);

export function readNorms(frame: TensorFrame): NormsTable {
  return {
    nodes: strings(frame.header.nodes),
    steps: numbers(frame.header.steps),
    rows: strings(frame.header.rows),
    log10: frame.values,
  };
}

/** Watches the norms while the caller is shown (enabled) and answers the newest table. */
export function useNorms(enabled: boolean): NormsTable | null {
  useWatch(enabled ? NORMS_SPEC : null);
  const frame = useFrame("norms");
  return useMemo(() => (frame ? readNorms(frame) : null), [frame]);
}
