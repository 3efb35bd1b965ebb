// Inside the selected node while a run exists: its activations for the pinned sample (for 2-D points, each
// unit over the input plane too) and, when it has parameters, its weights and gradients.
import { useTranslation } from "react-i18next";
import "./probes.css";
import { useRun } from "../../state/run";
import { ActivationView } from "./ActivationView";
import { AttentionView } from "./AttentionView";
import { useProbeNodes } from "./useFacts";
import { useApplicable } from "./useFacts";
import { UnitMaps } from "./UnitMaps";
import { useSamples } from "./samples";
import { WeightsView } from "./WeightsView";

export function NodeProbes({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const running = useRun((s) => s.experimentId !== null);
  const probes = useApplicable(nodeId);
  const samples = useSamples(running && probes.has("activations"));
  const attending = useProbeNodes("attention");
  if (!running || probes.size === 0) return null;
  return (
    <div className="node-probes" data-testid="node-probes" aria-label={t("probes.node.title", { node: nodeId })}>
      {probes.has("attention") && <AttentionView node={nodeId} nodes={attending} />}
      {probes.has("unit_maps") && <UnitMaps node={nodeId} />}
      {probes.has("activations") && <ActivationView node={nodeId} samples={samples} />}
      {probes.has("weights") && <WeightsView node={nodeId} image={probes.has("weight_image")} />}
    </div>
  );
}
