// Palette tabs and category colours. The basic categories (what TensorFlow Playground offers) share the
// first tab; every other category the server declares gets its own tab, so new families need no code here.
export const BASIC_CATEGORIES = ["io", "core", "activation"];
const ORDER = [...BASIC_CATEGORIES, "merge", "norm", "conv", "shape", "sequence", "attention", "generative"];
const COLORED = new Set(ORDER);

export const BASIC_TAB = "basic";

export function categoryRank(category: string): number {
  const i = ORDER.indexOf(category);
  return i === -1 ? ORDER.length : i;
}

export function categoryClass(category: string | undefined): string {
  return `cat-${category && COLORED.has(category) ? category : "other"}`;
}

export function tabOf(category: string): string {
  return BASIC_CATEGORIES.includes(category) ? BASIC_TAB : category;
}

export function formatShape(shape: readonly number[] | null | undefined): string | null {
  return shape ? `[${shape.join(", ")}]` : null;
}

/** Beside the node's id, "fc1: needs an input" reads better as "needs an input". */
export function withoutNodePrefix(message: string, id: string): string {
  return message.startsWith(`${id}: `) ? message.slice(id.length + 2) : message;
}
