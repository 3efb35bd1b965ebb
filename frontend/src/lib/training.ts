// Pure logic behind the training controls: which setting changes a running experiment can take live, the
// settings diff of the compare view, and merging several runs' metric rows into one uPlot data set.
import type { HistoryEntry, MetricsRow, SettingsChange, TrainingSettings } from "../api/types";

/** Settings PATCH /api/experiments/{id}/settings accepts (docs/protocol.md). */
export const LIVE_FIELDS = ["lr", "momentum", "weight_decay", "l1", "l2", "clip_norm", "finetune_lr"] as const;
export type LiveField = (typeof LIVE_FIELDS)[number];

type Params = Record<string, unknown>;

function params(training: Partial<TrainingSettings>): Params {
  return (training.optimizer_params ?? {}) as Params;
}

/** The value a live field has in a settings object (momentum and weight decay may live in optimizer_params). */
export function liveValue(training: Partial<TrainingSettings>, field: LiveField): unknown {
  const p = params(training);
  switch (field) {
    case "momentum":
      return p.momentum ?? training.momentum ?? 0;
    case "weight_decay":
      return p.weight_decay ?? null;
    case "clip_norm":
      return training.clip_norm ?? null;
    case "finetune_lr":
      return training.finetune_lr ?? null;
    default:
      return training[field] ?? 0;
  }
}

/** Removes the live fields from a settings object, so that what remains must match for a live change. */
function withoutLive(training: Partial<TrainingSettings>): Params {
  const { lr: _lr, momentum: _m, l1: _l1, l2: _l2, clip_norm: _c, finetune_lr: _f, ...rest } = training;
  const { momentum: _pm, weight_decay: _pw, ...restParams } = params(training);
  return { ...rest, optimizer_params: restParams };
}

function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Params)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What changed from `before` to `after`, as a live settings patch; null when something changed that a
 * running experiment cannot take (then the change needs a new run). An empty patch means nothing changed.
 */
export function liveChanges(
  before: Partial<TrainingSettings>,
  after: Partial<TrainingSettings>,
): SettingsChange | null {
  if (!same(withoutLive(before), withoutLive(after))) return null;
  const patch: Record<string, unknown> = {};
  for (const field of LIVE_FIELDS) {
    const a = liveValue(before, field);
    const b = liveValue(after, field);
    if (same(a, b)) continue;
    // The server's clip_norm "off" is 0; the other fields cannot be unset live.
    if (b === null) {
      if (field === "clip_norm") patch[field] = 0;
      else return null;
    } else patch[field] = b;
  }
  return patch as SettingsChange;
}

export function isLiveEditable(field: string): boolean {
  return (LIVE_FIELDS as readonly string[]).includes(field);
}

/** Frozen nodes and per-node initialisations of nodes that no longer exist would be refused: drop them. */
export function trainingForNodes(training: TrainingSettings, nodeIds: readonly string[]): TrainingSettings {
  const ids = new Set(nodeIds);
  const frozen = (training.frozen ?? []).filter((id) => ids.has(id));
  const overrides = Object.fromEntries(Object.entries(training.init_overrides ?? {}).filter(([id]) => ids.has(id)));
  return { ...training, frozen, init_overrides: overrides };
}

/** A number only when it is finite: the charts never draw NaN or infinities. */
export function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Several runs' rows on one x axis (the union of their steps) for uPlot: [steps, run1, run2, ...], with null
 * where a run has no row at that step (drawn across with spanGaps) and for non-finite values.
 */
export function mergeSeries(
  metrics: Record<string, MetricsRow[]>,
  ids: readonly string[],
  key: "test_loss" | "train_loss" | "val_loss" | "accuracy" | "lr" = "test_loss",
): [number[], ...(number | null)[][]] {
  const steps = new Set<number>();
  for (const id of ids) for (const row of metrics[id] ?? []) if (finiteOrNull(row[key]) !== null) steps.add(row.step);
  const xs = [...steps].sort((a, b) => a - b);
  const index = new Map(xs.map((s, i) => [s, i]));
  const columns = ids.map((id) => {
    const column: (number | null)[] = new Array(xs.length).fill(null);
    for (const row of metrics[id] ?? []) {
      const i = index.get(row.step);
      if (i !== undefined) column[i] = finiteOrNull(row[key]);
    }
    return column;
  });
  return [xs, ...columns];
}

export type DiffRow = { key: string; values: unknown[] };

// Settings students compare most come first.
const DIFF_ORDER = ["training.optimizer", "training.lr", "training.momentum", "training.optimizer_params"];

/** The compare endpoint's diff as table rows, one value per run (in `ids` order), the key settings first. */
export function diffRows(diff: Record<string, Record<string, unknown>>, ids: readonly string[]): DiffRow[] {
  const rank = (key: string) => {
    const i = DIFF_ORDER.findIndex((k) => key === k || key.startsWith(`${k}.`));
    return i < 0 ? DIFF_ORDER.length : i;
  };
  return Object.keys(diff)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, values: ids.map((id) => diff[key]?.[id]) }));
}

/** "training.optimizer_params.beta1" → "optimizer_params.beta1": the table says training once, in its title. */
export function diffLabel(key: string): string {
  return key.startsWith("training.") ? key.slice("training.".length) : key;
}

export function formatSetting(value: unknown): string {
  if (value === undefined) return "–";
  if (value === null) return "none";
  if (typeof value === "number") return String(Number(value.toPrecision(6)));
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** How a live change reads in the history: "lr 0.01, momentum 0.5". */
export function describeChanges(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => `${k} ${formatSetting(v)}`)
    .join(", ");
}

/** How many settings of the Training panel differ from a fresh start (the badge on its button). */
export function advancedChanges(training: Partial<TrainingSettings>): number {
  let n = 0;
  if (Object.keys(training.optimizer_params ?? {}).length) n++;
  if ((training.schedule ?? "constant") !== "constant") n++;
  if (training.warmup_steps) n++;
  if (training.l1) n++;
  if (training.l2) n++;
  if (training.clip_norm) n++;
  if (training.validation_ratio) n++;
  if (training.patience) n++;
  if (training.init && training.init.scheme !== "default") n++;
  if (Object.keys(training.init_overrides ?? {}).length) n++;
  if (training.init_from) n++;
  if ((training.frozen ?? []).length) n++;
  if (training.max_steps || training.max_seconds || training.checkpoint_every) n++;
  return n;
}

/** The union of two lists of live changes (the same step and changes count once), by step. */
export function mergeHistory(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): HistoryEntry[] {
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (const entry of [...a, ...b]) {
    const key = `${entry.step}|${stable(entry.changes)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out.sort((x, y) => x.step - y.step);
}
