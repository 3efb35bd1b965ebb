// Which probes the page can watch for a node or the whole model, read from the server's probe table
// (GET /api/probes): the same `applies_to` the server checks a watch against, so the page never offers a view
// the server would refuse.
import type { ProbeInfo } from "../../api/types";

export type DatasetFacts = { task: string; kind: string };
export type NodeFacts = { layer: string; category: string; rank: number; params: number; matrixParams: number };

const allows = <T>(list: readonly T[] | null, value: T) => list === null || list.includes(value);

export function probeApplies(probe: ProbeInfo, dataset: DatasetFacts, node?: NodeFacts): boolean {
  const a = probe.applies_to;
  if (!allows(a.tasks, dataset.task) || !allows(a.kinds, dataset.kind)) return false;
  if (probe.scope === "model") return node === undefined;
  if (!node) return false;
  return (
    allows(a.layers, node.layer) &&
    allows(a.categories, node.category) &&
    (!a.parametrised || node.params > 0) &&
    (!a.matrices || node.matrixParams > 0) &&
    allows(a.ranks, node.rank)
  );
}

/** Names of the probes of `scope` that apply, in the table's order. */
export function applicableProbes(probes: readonly ProbeInfo[], dataset: DatasetFacts, node?: NodeFacts): Set<string> {
  return new Set(probes.filter((p) => probeApplies(p, dataset, node)).map((p) => p.name));
}
