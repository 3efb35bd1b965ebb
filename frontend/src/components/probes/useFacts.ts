// What the probe table's `applies_to` is checked against: the data set's task and kind (from the preview,
// which reflects options such as target: "mask") and the selected node's layer, category, rank and parameters.
import { useMemo } from "react";
import { applicableProbes, type DatasetFacts } from "../../lib/probes/catalog";
import { useCatalog } from "../../state/catalog";
import { useData } from "../../state/data";
import { useEditor } from "../../state/editor";
import { useValidation } from "../../state/validation";
import { useProbes } from "./probeStore";

export function useDatasetFacts(): DatasetFacts | null {
  const preview = useData((s) => s.preview);
  const name = useEditor((s) => s.dataset.name);
  const kind = useCatalog((s) => s.datasets.find((d) => d.name === name)?.kind);
  if (!preview && !kind) return null;
  return { task: preview?.task ?? "classification", kind: preview?.kind ?? kind ?? "" };
}

/** Names of the probes that apply to the whole model (nodeId undefined) or to that node. */
export function useApplicable(nodeId?: string): Set<string> {
  const catalog = useProbes((s) => s.catalog);
  const facts = useDatasetFacts();
  const layerType = useEditor((s) => (nodeId ? s.nodes.find((n) => n.id === nodeId)?.data.layerType : undefined));
  const category = useCatalog((s) => s.layers.find((l) => l.type === layerType)?.category ?? "");
  const report = useValidation((s) => (nodeId ? s.report?.nodes[nodeId] : undefined));
  const rank = report?.output_shape?.length ?? -1;
  const params = report?.params ?? 0;
  const matrixParams = report?.matrix_params ?? 0;
  return useMemo(() => {
    if (!facts) return new Set<string>();
    if (nodeId === undefined) return applicableProbes(catalog, facts);
    if (!layerType) return new Set<string>();
    return applicableProbes(catalog, facts, { layer: layerType, category, rank, params, matrixParams });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalog, facts?.task, facts?.kind, nodeId, layerType, category, rank, params, matrixParams]);
}

/** Ids of the graph's nodes whose layer type a node probe applies to (e.g. every node that attends). */
export function useProbeNodes(probe: string): string[] {
  const layers = useProbes((s) => s.catalog.find((p) => p.name === probe)?.applies_to.layers);
  const nodes = useEditor((s) => s.nodes);
  return useMemo(
    () => nodes.filter((n) => !layers || layers.includes(n.data.layerType)).map((n) => n.id),
    [nodes, layers],
  );
}
