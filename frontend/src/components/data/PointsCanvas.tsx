// A canvas showing a data set's points (training points, and test points when asked).
import { useEffect, useRef } from "react";
import { pointsOf, type DatasetPreview } from "../../api/types";
import { targetRange } from "../../state/data";
import { drawPoints, prepareCanvas } from "../../lib/plot";

type Props = {
  preview: DatasetPreview | null;
  size: number;
  radius: number;
  showTest?: boolean;
  outline?: boolean;
  className?: string;
  testId?: string;
  label?: string;
};

export function PointsCanvas({
  preview,
  size,
  radius,
  showTest = false,
  outline = true,
  className,
  testId,
  label,
}: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = prepareCanvas(canvas, size, size);
    const points = pointsOf(preview);
    if (!ctx || !points) return;
    const range = targetRange(preview);
    drawPoints(ctx, points.train, points.extent, size, size, {
      task: points.task,
      range,
      radius,
      stroke: outline ? "#ffffff" : "transparent",
    });
    if (showTest) {
      drawPoints(ctx, points.test, points.extent, size, size, {
        task: points.task,
        range,
        radius,
        stroke: "#1b1f24",
      });
    }
  }, [preview, size, radius, showTest, outline]);
  return (
    <canvas
      ref={ref}
      className={className}
      style={{ width: size, height: size }}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  );
}
