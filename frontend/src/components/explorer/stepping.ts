// The backward pass one node at a time: what the graph shows after `step` nodes of the server's schedule have
// been visited. Pure, so the stepping is tested without a browser; every number comes from the server.
import type { BackpropResult, ExpressionEdge, ExpressionNode } from "../../api/types";

/** Where a term of a node's gradient came from: a node that uses it, or the seed d(output)/d(output) = 1. */
export const SEED = "seed";

export type Term = { from: string; value: number };

export type NodeView = {
  node: ExpressionNode;
  current: boolean;
  /** Its gradient is final and it has passed it on to its inputs. */
  visited: boolean;
  /** Contributions received so far, one per use whose node has been visited. */
  terms: Term[];
  /** Their sum; null before any has arrived and for constants. */
  grad: number | null;
  /** Every use has sent its contribution (always true once visited). */
  complete: boolean;
  uses: number;
};

export type EdgeView = ExpressionEdge & {
  id: string;
  target: string;
  slot: number;
  /** The node it feeds has been visited, so its local gradient and contribution are known. */
  shown: boolean;
  /** It feeds the node being visited now. */
  active: boolean;
};

export type BackwardView = {
  step: number;
  total: number;
  current: ExpressionNode | null;
  nodes: Map<string, NodeView>;
  edges: EdgeView[];
};

export function edgeId(target: string, slot: number): string {
  return `${target}:${slot}`;
}

/** Every input edge of the graph, in node order. */
export function edgesOf(result: BackpropResult): Omit<EdgeView, "shown" | "active">[] {
  return result.nodes.flatMap((node) =>
    node.inputs.map((input, slot) => ({ ...input, id: edgeId(node.id, slot), target: node.id, slot })),
  );
}

export function clampStep(result: BackpropResult, step: number): number {
  return Math.max(0, Math.min(result.schedule.length, Math.round(step)));
}

/** The view after the first `step` nodes of the schedule (0: the forward pass only, no gradients yet). */
export function backwardView(result: BackpropResult, step: number): BackwardView {
  const shownStep = clampStep(result, step);
  const visited = new Set(result.schedule.slice(0, shownStep));
  const currentId = shownStep > 0 ? result.schedule[shownStep - 1]! : null;
  const edges: EdgeView[] = edgesOf(result).map((e) => ({
    ...e,
    shown: visited.has(e.target),
    active: e.target === currentId,
  }));
  const nodes = new Map<string, NodeView>();
  for (const node of result.nodes) {
    const outgoing = edges.filter((e) => e.source === node.id);
    const terms: Term[] = outgoing
      .filter((e) => e.shown && e.contribution !== null)
      .map((e) => ({ from: e.target, value: e.contribution! }));
    const seeded = node.id === result.output_id && shownStep > 0 && node.grad !== null;
    if (seeded) terms.unshift({ from: SEED, value: 1 });
    const hasGrad = node.grad !== null && terms.length > 0;
    nodes.set(node.id, {
      node,
      current: node.id === currentId,
      visited: visited.has(node.id),
      terms,
      // Once complete, the server's accumulated gradient (autograd's own sum) is shown.
      grad: hasGrad ? (outgoing.every((e) => e.shown) ? node.grad : sum(terms)) : null,
      complete: node.grad !== null && (seeded || (outgoing.length > 0 && outgoing.every((e) => e.shown))),
      uses: outgoing.length,
    });
  }
  const current = currentId === null ? null : (nodes.get(currentId)?.node ?? null);
  return { step: shownStep, total: result.schedule.length, current, nodes, edges };
}

function sum(terms: Term[]): number {
  return terms.reduce((total, t) => total + t.value, 0);
}

/** Terms written as a sum, a negative one as a subtraction: "3 − 0.5 + 1". */
export function sumText(values: readonly number[]): string {
  return values
    .map((v, k) => (k === 0 ? formatNumber(v) : `${v < 0 ? "−" : "+"} ${formatNumber(Math.abs(v))}`))
    .join(" ");
}

/** A number short enough for a node on a projector: 4 significant digits, exponent form when far from 1. */
export function formatNumber(x: number): string {
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e5 || magnitude < 1e-3) return x.toExponential(2).replace("e+", "e");
  return Number(x.toPrecision(4)).toString();
}
