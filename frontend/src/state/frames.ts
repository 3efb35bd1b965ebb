// Binary tensor frames kept by kind (the probe that produced them) and node, as pure functions. The newest
// frame of each (probe, node) replaces the one before; views read theirs with useFrame(probe, node).
import type { FrameHeader, TensorFrame } from "../api/frames";

/** The node key of a frame that belongs to the whole model (the decision boundary) rather than one node. */
export const MODEL = "";

export type ProbeFrame = {
  probe: string;
  /** The node the probe watched; null for a probe of the whole model. */
  node: string | null;
  /** The training step the frame shows (-1 when the header does not say). */
  step: number;
  header: FrameHeader;
  values: Float32Array;
};

/** kind → node key → newest frame. */
export type FrameStore = Readonly<Record<string, Readonly<Record<string, ProbeFrame>>>>;

export const NO_FRAMES: FrameStore = {};

/** The probe a frame comes from: `probe` in its header, else its `type` (the boundary says only that). */
export function frameKind(header: FrameHeader): string {
  return typeof header.probe === "string" && header.probe ? header.probe : header.type;
}

export function frameNode(header: FrameHeader): string | null {
  return typeof header.node === "string" && header.node ? header.node : null;
}

export function nodeKey(node: string | null | undefined): string {
  return node ?? MODEL;
}

/** The store with `frame` kept, unless a newer frame of the same (probe, node) is already there. */
export function keepFrame(store: FrameStore, frame: TensorFrame): FrameStore {
  const probe = frameKind(frame.header);
  const node = frameNode(frame.header);
  const step = typeof frame.header.step === "number" ? frame.header.step : -1;
  const key = nodeKey(node);
  const previous = store[probe]?.[key];
  // Replays after a reconnect can bring an older frame after a newer one.
  if (previous && step < previous.step) return store;
  const kept: ProbeFrame = { probe, node, step, header: frame.header, values: frame.values };
  return { ...store, [probe]: { ...store[probe], [key]: kept } };
}

export function frameOf(store: FrameStore, probe: string, node: string | null = null): ProbeFrame | null {
  return store[probe]?.[nodeKey(node)] ?? null;
}

/** The decision boundary / regression surface: a `[C, H, W]` plane over the input extent. */
export type Boundary = {
  values: Float32Array;
  shape: number[];
  extent: [number, number, number, number];
  step: number;
};

const DEFAULT_EXTENT: Boundary["extent"] = [-6, 6, -6, 6];

function isExtent(value: unknown): value is Boundary["extent"] {
  return Array.isArray(value) && value.length === 4 && value.every((v) => typeof v === "number");
}

/** A boundary frame as the boundary view draws it. */
export function boundaryOf(frame: ProbeFrame | null): Boundary | null {
  if (!frame) return null;
  const extent = isExtent(frame.header.extent) ? frame.header.extent : DEFAULT_EXTENT;
  return { values: frame.values, shape: frame.header.shape, extent, step: Math.max(0, frame.step) };
}
