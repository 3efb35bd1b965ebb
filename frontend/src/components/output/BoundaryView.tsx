// The model's prediction over the input plane (decision boundary or regression surface), with the data
// points drawn on top.
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { pointsOf, type Task } from "../../api/types";
import { boundaryPixels, classColor, diverging, rgbCss } from "../../lib/colors";
import { drawPoints, type Extent, prepareCanvas } from "../../lib/plot";
import { useCatalog } from "../../state/catalog";
import { targetRange } from "../../state/data";
import { useEditor } from "../../state/editor";
import type { Boundary } from "../../state/frames";
import { useBoundary, useWatch } from "../../state/run";
import { useShownDataset, useShownPreview } from "../../state/shown";

const SIZE = 280;
const HEATMAP_ALPHA = 0.62;
const FALLBACK_EXTENT: Extent = [-6, 6, -6, 6];

function heatmapImage(boundary: Boundary, task: Task, range: [number, number] | undefined, discretize: boolean) {
  const [, height, width] = boundary.shape.length === 3 ? boundary.shape : [1, boundary.shape[0], boundary.shape[1]];
  const pixels = boundaryPixels(boundary.values, boundary.shape, { task, range, discretize });
  const source = document.createElement("canvas");
  source.width = width;
  source.height = height;
  source.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return source;
}

function ColorKey({ task, classes, range }: { task: string; classes: number; range?: [number, number] }) {
  const { t } = useTranslation();
  if (task === "classification" && classes > 2) {
    return (
      <div className="color-key" data-testid="color-key">
        {Array.from({ length: classes }, (_, k) => (
          <span key={k} className="legend-item">
            <span className="legend-swatch dot" style={{ background: rgbCss(classColor(k)) }} />
            {t("output.className", { index: k })}
          </span>
        ))}
      </div>
    );
  }
  const gradient = `linear-gradient(to right, ${rgbCss(diverging(0))}, ${rgbCss(diverging(0.5))}, ${rgbCss(diverging(1))})`;
  const [low, high] =
    task === "regression"
      ? [range ? range[0].toPrecision(2) : "–", range ? range[1].toPrecision(2) : "–"]
      : [t("output.className", { index: 0 }), t("output.className", { index: 1 })];
  return (
    <div className="color-key" data-testid="color-key">
      <span>{low}</span>
      <span className="gradient" style={{ background: gradient }} />
      <span>{high}</span>
    </div>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void; testId: string }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        data-testid={props.testId}
      />
      <span>{props.label}</span>
    </label>
  );
}

export function BoundaryView() {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useWatch("boundary"); // frames come only to views that watch them
  const boundary = useBoundary();
  const preview = useShownPreview();
  const points = useMemo(() => pointsOf(preview), [preview]);
  const datasetName = useShownDataset().name;
  const kind = useCatalog((s) => s.datasets.find((d) => d.name === datasetName)?.kind);
  const showTest = useEditor((s) => s.showTestData);
  const discretize = useEditor((s) => s.discretize);
  const setShowTest = useEditor((s) => s.setShowTestData);
  const setDiscretize = useEditor((s) => s.setDiscretize);
  const task = preview?.task ?? "classification";
  const classes = preview?.num_classes ?? 2;
  const range = useMemo(() => targetRange(preview), [preview]);
  const heatmap = useMemo(
    () => (boundary ? heatmapImage(boundary, task, range, discretize) : null),
    [boundary, task, range, discretize],
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ctx = prepareCanvas(el, SIZE, SIZE);
    if (!ctx) return;
    const extent: Extent = boundary?.extent ?? points?.extent ?? FALLBACK_EXTENT;
    if (heatmap) {
      // A lighter wash than the points' colours, so points of either class stay visible on any region.
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, SIZE, SIZE);
      ctx.globalAlpha = HEATMAP_ALPHA;
      ctx.imageSmoothingEnabled = !discretize;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(heatmap, 0, 0, SIZE, SIZE);
      ctx.globalAlpha = 1;
    } else {
      ctx.fillStyle = "#f4f6f8";
      ctx.fillRect(0, 0, SIZE, SIZE);
    }
    if (points) {
      drawPoints(ctx, points.train, extent, SIZE, SIZE, { task, range, radius: 3, stroke: "#ffffff" });
      if (showTest) drawPoints(ctx, points.test, extent, SIZE, SIZE, { task, range, radius: 3, stroke: "#1b1f24" });
    }
  }, [heatmap, points, boundary?.extent, showTest, discretize, task, range]);

  // Only 2-D points have an input plane to paint; other inputs (images) get a line saying so.
  if ((kind !== undefined && kind !== "points2d") || (preview !== null && points === null)) {
    return (
      <p className="boundary-note" data-testid="no-boundary">
        {t(`output.noBoundaryKind.${kind ?? preview?.kind ?? ""}`, { defaultValue: t("output.noBoundary") })}
      </p>
    );
  }
  const extent = boundary?.extent ?? points?.extent ?? FALLBACK_EXTENT;
  return (
    <div className="boundary">
      <div className="boundary-frame">
        <span className="axis-label y-max">{extent[3]}</span>
        <span className="axis-label y-min">{extent[2]}</span>
        <canvas
          ref={canvas}
          style={{ width: SIZE, height: SIZE }}
          data-testid="boundary-canvas"
          data-step={boundary?.step ?? ""}
          role="img"
          aria-label={t("output.boundaryLabel")}
        />
        <div className="x-axis">
          <span>{extent[0]}</span>
          <span>{extent[1]}</span>
        </div>
      </div>
      <ColorKey task={task} classes={classes} range={range} />
      <div className="boundary-options">
        <Check label={t("output.showTest")} checked={showTest} onChange={setShowTest} testId="show-test-data" />
        {task === "classification" && (
          <Check label={t("output.discretize")} checked={discretize} onChange={setDiscretize} testId="discretize" />
        )}
      </div>
    </div>
  );
}
