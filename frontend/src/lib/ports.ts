// Named input ports: which handle a connection lands on, and the rule that a port takes one edge.
import type { Connection } from "@xyflow/react";
import { type EditorEdge, edgeBetween } from "./graphSpec";

/** A layer's input ports as the registry declares them; a layer without the field has one, unnamed. */
export function portsOf(layer: { ports?: readonly string[] | null } | undefined): readonly string[] {
  return layer?.ports ?? ["in"];
}

/** The handle id for a port: single-input layers use React Flow's default (unnamed) handle. */
export function handleForPort(ports: readonly string[], port: string): string | null {
  return ports.length > 1 ? port : null;
}

/** The spec's `target_port` for a handle: only named handles carry one (omitted means the first port). */
export function targetPortOf(targetHandle: string | null | undefined): string | undefined {
  return targetHandle ? targetHandle : undefined;
}

/** The first port of a node that no edge feeds yet (the first one if all are taken); null for no inputs. */
export function freePort(nodeId: string, ports: readonly string[], edges: readonly EditorEdge[]): string | null {
  if (ports.length === 0) return null;
  const taken = new Set(edges.filter((e) => e.target === nodeId).map((e) => e.targetHandle ?? ports[0]));
  return ports.find((p) => !taken.has(p)) ?? ports[0]!;
}

/** The edges after a connection: a port takes one input, so the new edge replaces one already on it. */
export function connect(edges: readonly EditorEdge[], connection: Connection): EditorEdge[] {
  if (connection.source === connection.target) return [...edges];
  const port = connection.targetHandle ?? null;
  const kept = edges.filter((e) => !(e.target === connection.target && (e.targetHandle ?? null) === port));
  return [...kept, edgeBetween(connection.source, connection.target, port)];
}
