// Sample images of an image data set: a tiny mosaic for the picker, a labelled grid for the preview.
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ImagePreview, ImageSample } from "../../api/types";
import { drawSample, varietyOf } from "../../lib/images";
import { prepareCanvas } from "../../lib/plot";

const MOSAIC_SIDE = 3;
const MOSAIC_GAP = 1;
const GRID_COUNT = 15;
const CELL = 40;

/** A 3×3 mosaic of sample images (one class after another), drawn on one canvas. */
export function ImageMosaic({
  images,
  size,
  className,
}: {
  images: ImagePreview | null;
  size: number;
  className?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = prepareCanvas(canvas, size, size);
    if (!ctx || !images) return;
    const cell = (size - MOSAIC_GAP * (MOSAIC_SIDE - 1)) / MOSAIC_SIDE;
    varietyOf(images.samples, MOSAIC_SIDE * MOSAIC_SIDE).forEach((sample, i) => {
      const x = (i % MOSAIC_SIDE) * (cell + MOSAIC_GAP);
      const y = Math.floor(i / MOSAIC_SIDE) * (cell + MOSAIC_GAP);
      drawSample(ctx, sample, x, y, cell);
    });
  }, [images, size]);
  return <canvas ref={ref} className={className} style={{ width: size, height: size }} aria-hidden="true" />;
}

function SampleCell({ sample, name }: { sample: ImageSample; name: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = prepareCanvas(canvas, CELL, CELL);
    if (ctx) drawSample(ctx, sample, 0, 0, CELL);
  }, [sample]);
  return (
    <figure className="sample-cell" data-testid="image-sample" data-label={sample.label}>
      <canvas ref={ref} style={{ width: CELL, height: CELL }} role="img" aria-label={name} />
      <figcaption title={name}>{name}</figcaption>
    </figure>
  );
}

/** A grid of sample images with their class names, and the set's size and image shape. */
export function ImageGrid({ images, testId }: { images: ImagePreview | null; testId?: string }) {
  const { t } = useTranslation();
  const samples = useMemo(() => (images ? varietyOf(images.samples, GRID_COUNT) : []), [images]);
  if (!images) return <div className="image-grid is-empty" data-testid={testId} />;
  const className = (label: number) => images.class_names[label] ?? t("output.className", { index: label });
  return (
    <div data-testid={testId}>
      <p className="section-help image-facts" data-testid="image-facts">
        {t("data.imageFacts", {
          shape: images.shape.join("×"),
          train: images.train_size,
          test: images.test_size,
        })}
      </p>
      <div className="image-grid">
        {samples.map((sample, i) => (
          <SampleCell key={i} sample={sample} name={className(sample.label)} />
        ))}
      </div>
    </div>
  );
}
