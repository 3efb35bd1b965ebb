// The graph as a JSON file: what export writes and what import accepts before the server checks it.
import type { GraphSpec } from "../api/types";

export const FILE_KIND = "neurona.graph";
export const FILE_VERSION = 1;

/** The file: the server's graph spec, plus an `editor` section for editor-only data the server never sees. */
export type GraphFile = {
  kind: typeof FILE_KIND;
  version: number;
  graph: GraphSpec;
  editor?: Record<string, unknown>;
};

export type ParseProblem = "notJson" | "notGraph" | "badNode" | "badEdge";

export type ParseResult =
  | { ok: true; graph: GraphSpec; editor: Record<string, unknown> | undefined }
  | { ok: false; problem: ParseProblem; detail?: string };

export function toGraphFile(graph: GraphSpec, editor?: Record<string, unknown>): GraphFile {
  return { kind: FILE_KIND, version: FILE_VERSION, graph, ...(editor ? { editor } : {}) };
}

export function graphFileName(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `neurona-graph-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}.json`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What keeps a value from being drawn as a graph (nodes with ids and types, edges with ends), or null. */
export function graphProblem(graph: unknown): { problem: ParseProblem; detail?: string } | null {
  if (!isRecord(graph) || !Array.isArray(graph.nodes)) return { problem: "notGraph" };
  for (const [i, n] of graph.nodes.entries()) {
    if (!isRecord(n) || typeof n.id !== "string" || typeof n.type !== "string") {
      return { problem: "badNode", detail: String(i + 1) };
    }
  }
  if (graph.edges !== undefined) {
    if (!Array.isArray(graph.edges)) return { problem: "badEdge", detail: "" };
    for (const [i, e] of graph.edges.entries()) {
      if (!isRecord(e) || typeof e.source !== "string" || typeof e.target !== "string") {
        return { problem: "badEdge", detail: String(i + 1) };
      }
    }
  }
  return null;
}

/**
 * Reads a file's text: our own format or a bare graph spec (e.g. a template). Checks only the shape the editor
 * needs to draw it; everything else (unknown keys, layer types, parameters) is the server's to judge.
 */
export function parseGraphFile(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: "notJson", detail: err instanceof Error ? err.message : String(err) };
  }
  const wrapped = isRecord(value) && isRecord(value.graph);
  const graph = wrapped ? (value as { graph: unknown }).graph : value;
  const problem = graphProblem(graph);
  if (problem) return { ok: false, ...problem };
  const editor =
    wrapped && isRecord((value as { editor?: unknown }).editor)
      ? (value as { editor: Record<string, unknown> }).editor
      : undefined;
  return { ok: true, graph: graph as GraphSpec, editor };
}
