// Canvas plumbing shared by the probe views: the width a view has to fill, and a redraw when its inputs change.
import { type DependencyList, type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { prepareCanvas } from "../../lib/plot";

/** The content width of an element, following resizes (0 before the first layout). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** A canvas ref that is sized to width × height CSS pixels and drawn by `draw` whenever `deps` change. */
export function useDrawing(
  width: number,
  height: number,
  draw: (ctx: CanvasRenderingContext2D) => void,
  deps: DependencyList,
): RefObject<HTMLCanvasElement | null> {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el || width <= 0 || height <= 0) return;
    const ctx = prepareCanvas(el, width, height);
    if (ctx) draw(ctx);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [width, height, ...deps]);
  return canvas;
}
