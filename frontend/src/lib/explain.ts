// Splits the server's shape arithmetic lines ("H: ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28") for display.

export type ExplainParts = { axis: string | null; work: string; result: string | null };

export function splitExplainLine(line: string): ExplainParts {
  const colon = line.indexOf(": ");
  // A short leading name ("H", "W", "C", "L") is the axis; a longer prefix is part of a sentence.
  const axis = colon > 0 && colon <= 6 ? line.slice(0, colon) : null;
  const rest = axis !== null ? line.slice(colon + 2) : line;
  const eq = rest.lastIndexOf(" = ");
  if (eq < 0) return { axis, work: rest, result: null };
  return { axis, work: rest.slice(0, eq), result: rest.slice(eq + 3) };
}
