// Palette tabs and category colours. The server orders the categories (GET /api/layers/categories); the basic
// ones (what TensorFlow Playground offers) share the first tab, every other category gets its own tab, so new
// families need no code here.
export const BASIC_CATEGORIES = ["io", "core", "activation"];

export const BASIC_TAB = "basic";

export function categoryClass(category: string | undefined): string {
  // styles.css colours `.cat-<category>`; a category without a colour there gets the neutral fallback.
  return `cat-${category ?? "other"}`;
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
