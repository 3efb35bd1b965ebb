// Order and colour class of palette categories; unknown categories (later layer families) sort last.
const ORDER = ["io", "core", "activation"];

export function categoryRank(category: string): number {
  const i = ORDER.indexOf(category);
  return i === -1 ? ORDER.length : i;
}

export function categoryClass(category: string | undefined): string {
  return `cat-${category && ORDER.includes(category) ? category : "other"}`;
}

export function formatShape(shape: readonly number[] | null | undefined): string | null {
  return shape ? `[${shape.join(", ")}]` : null;
}
