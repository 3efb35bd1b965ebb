// Bounded undo/redo history of graph snapshots. Pure: the editor store keeps one History and replaces it.

export type History<T> = {
  past: T[];
  future: T[];
  /** What the last push was about; a push with the same key soon after is merged into it (typing in a field). */
  lastKey: string | null;
  lastAt: number;
};

export const HISTORY_LIMIT = 100;
/** Pushes with the same key closer together than this count as one edit. */
export const COALESCE_MS = 1000;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null, lastAt: 0 };
}

/** Records `before` (the state an edit is about to change); clears the redo stack. */
export function pushHistory<T>(
  history: History<T>,
  before: T,
  options: { key?: string; now?: number; limit?: number } = {},
): History<T> {
  const now = options.now ?? Date.now();
  const key = options.key ?? null;
  if (key !== null && key === history.lastKey && now - history.lastAt < COALESCE_MS) {
    return { ...history, future: [], lastAt: now };
  }
  const limit = options.limit ?? HISTORY_LIMIT;
  const past = [...history.past, before];
  if (past.length > limit) past.splice(0, past.length - limit);
  return { past, future: [], lastKey: key, lastAt: now };
}

/** Steps back: the previous state and the history with `current` on the redo stack; null when nothing to undo. */
export function undoHistory<T>(history: History<T>, current: T): { state: T; history: History<T> } | null {
  if (history.past.length === 0) return null;
  const state = history.past[history.past.length - 1]!;
  return {
    state,
    history: { past: history.past.slice(0, -1), future: [current, ...history.future], lastKey: null, lastAt: 0 },
  };
}

export function redoHistory<T>(history: History<T>, current: T): { state: T; history: History<T> } | null {
  if (history.future.length === 0) return null;
  const [state, ...future] = history.future;
  return { state: state!, history: { past: [...history.past, current], future, lastKey: null, lastAt: 0 } };
}
