// The pinned-sample picker's data: the `samples` probe sends the first test examples with their label, the
// current prediction and its confidence.
import { useMemo } from "react";
import type { TensorFrame } from "../../api/frames";
import { useWatch } from "./probeStore";
import { useFrame } from "../../state/run";

/** How many test examples the picker offers. */
export const PICKER_SIZE = 12;
const PICKER_SPEC = { probe: "samples", options: { count: PICKER_SIZE } };

export type SampleInfo = {
  index: number;
  label: number | null;
  predicted: number | null;
  confidence: number | null;
  /** Offset of this sample's values in the frame. */
  start: number;
};

export type SampleSet = { frame: TensorFrame; samples: SampleInfo[]; classNames: string[]; inputShape: number[] };

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

export function readSamples(frame: TensorFrame): SampleSet {
  const [count, ...inputShape] = frame.header.shape;
  const size = inputShape.reduce((a, b) => a * b, 1);
  const indices = list(frame.header.indices);
  const labels = list(frame.header.labels);
  const predicted = list(frame.header.predicted);
  const confidence = list(frame.header.confidence);
  const samples = Array.from({ length: count ?? 0 }, (_, i) => ({
    index: num(indices[i]) ?? i,
    label: num(labels[i]),
    predicted: num(predicted[i]),
    confidence: num(confidence[i]),
    start: i * size,
  }));
  return { frame, samples, classNames: list(frame.header.class_names).map(String), inputShape };
}

/** Watches the picker's samples while the caller is shown; answers them once they came. */
export function useSamples(enabled: boolean): SampleSet | null {
  useWatch(enabled ? PICKER_SPEC : null);
  const frame = useFrame("samples");
  return useMemo(() => (frame ? readSamples(frame) : null), [frame]);
}

/** A class's name, or its index when the data set has no names. */
export const className = (set: SampleSet, k: number | null) => (k === null ? "–" : (set.classNames[k] ?? String(k)));
