// One test example drawn small: an image in grey (one channel) or colour (three), anything else on the
// zero-centred scale (a sequence as a heatmap, token ids as a strip).
import { drawPixels, drawPlane, imagePixels } from "../../lib/probes/draw";
import { maxAbs } from "../../lib/probes/scale";
import type { SampleSet } from "./samples";
import { useDrawing } from "./useCanvas";

export function SampleThumb({ set, at, size, testId }: { set: SampleSet; at: number; size: number; testId?: string }) {
  const shape = set.inputShape;
  const sample = set.samples[at];
  const canvas = useDrawing(
    size,
    size,
    (ctx) => {
      if (!sample) return;
      const values = set.frame.values;
      if (set.frame.header.dtype === "uint8" && shape.length === 3) {
        drawPixels(ctx, imagePixels(values, sample.start, shape), { height: shape[1], width: shape[2] }, [
          0,
          0,
          size,
          size,
        ]);
        return;
      }
      const [height, width] = shape.length >= 2 ? shape.slice(-2) : [1, shape[0] ?? 1];
      const count = height * width;
      drawPlane(ctx, values, sample.start, { height, width }, maxAbs(values, sample.start, count), [0, 0, size, size]);
    },
    [set, at],
  );
  return <canvas ref={canvas} style={{ width: size, height: size }} data-testid={testId} aria-hidden="true" />;
}
