// The prediction views of the OUTPUT column, chosen by what the server's probe table offers for this task and
// data set (BoundaryView draws and watches the decision boundary of 2-D points): the confusion
// matrix (classes), the predictions as the task draws them, samples from a VAE's prior, the sample picker and the gradient norm per layer.
import { useTranslation } from "react-i18next";
import "./probes.css";
import { AttributionView } from "./AttributionView";
import { ConfusionView } from "./ConfusionView";
import { GraphSection } from "./GraphSection";
import { GradientLayers } from "./GradientLayers";
import { NetworkDiagram } from "./NetworkDiagram";
import { useNorms } from "./norms";
import { drawsView, PredictionView } from "./PredictionView";
import { PriorView } from "./PriorView";
import { useProbes, useWatch } from "./probeStore";
import { useFrame, useRunState } from "../../state/run";
import { SamplePicker } from "./SamplePicker";
import { useSamples } from "./samples";
import { useApplicable, useProbeNodes } from "./useFacts";

/** How many pinned samples the predictions view shows, starting at the pinned one. */
const PREDICTED = 3;

export function OutputProbes() {
  const { t } = useTranslation();
  const running = useRunState((s) => s.experimentId !== null);
  const probes = useApplicable();
  const pinned = useProbes((s) => s.pinned);
  const usesPicker = running && probes.has("samples") && !probes.has("boundary");
  const samples = useSamples(usesPicker);
  // Samples from the prior are decoded from a Sampling node: the graph's first one that the probe applies to.
  const sampler = useProbeNodes("prior")[0];
  const showPrior = useApplicable(sampler).has("prior") && sampler !== undefined;
  const showPredictions = usesPicker && probes.has("predictions");
  useWatch(running && probes.has("confusion") ? { probe: "confusion" } : null);
  useWatch(
    showPredictions ? { probe: "predictions", samples: Array.from({ length: PREDICTED }, (_, i) => pinned + i) } : null,
  );
  const norms = useNorms(running && probes.has("norms"));
  const confusion = useFrame("confusion");
  const predictions = useFrame("predictions");
  if (!running) return null;
  // A classifier's per-sample probabilities are what the picker already shows (prediction and confidence).
  const drawnPredictions = predictions && drawsView(predictions.header.view);
  return (
    <div className="output-probes" data-testid="output-probes" aria-label={t("probes.output.title")}>
      {confusion && <ConfusionView frame={confusion} />}
      {showPredictions && drawnPredictions && <PredictionView frame={predictions} />}
      {showPrior && <PriorView node={sampler} />}
      {usesPicker && samples && <SamplePicker set={samples} />}
      {usesPicker && samples && probes.has("attribution") && <AttributionView samples={samples} />}
      {probes.has("graph") && <GraphSection />}
      {probes.has("boundary") && <NetworkDiagram />}
      {norms && norms.nodes.length > 1 && <GradientLayers table={norms} />}
    </div>
  );
}
