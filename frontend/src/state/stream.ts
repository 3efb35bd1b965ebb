// What the experiment stream says about a run, as a pure reducer: experiment objects (a `hello` or a REST
// answer), text messages and binary frames each map the state to the next one. No I/O, no other store.
import type { TensorFrame } from "../api/frames";
import {
  type Experiment,
  type ExperimentStatus,
  type HistoryEntry,
  isEnded,
  type MetricsRow,
  type StreamMessage,
  type TrainingSettings,
} from "../api/types";
import { mergeHistory } from "../lib/training";
import { type FrameStore, keepFrame, NO_FRAMES, nodeKey } from "./frames";
import { appendRows, EMPTY_SERIES, type Series, truncateSeries } from "./series";

export type StreamState = {
  status: ExperimentStatus | null;
  queuePosition: number | null;
  error: string | null;
  /** The node a failed run's error names, if any. */
  errorNode: string | null;
  device: string | null;
  step: number;
  epoch: number;
  series: Series;
  /** Live setting changes applied to the run, with the step they took effect after. */
  history: HistoryEntry[];
  /** What init_from could not load, and what early stopping did. */
  warnings: string[];
  /** The run's settings as the server stores them (the baseline for live changes). */
  training: TrainingSettings | null;
  /** Newest tensor frame of each (probe, node). */
  frames: FrameStore;
  /** The task's other metrics (precision, Dice, perplexity, KL, ...) as last measured, by name. */
  taskMetrics: Record<string, number | null>;
  /** Why the server refused a watch, by probe then node key ("" for the whole model). */
  probeProblems: Readonly<Record<string, Readonly<Record<string, string>>>>;
};

export const INITIAL_STREAM: StreamState = {
  status: null,
  queuePosition: null,
  error: null,
  errorNode: null,
  device: null,
  step: 0,
  epoch: 0,
  series: EMPTY_SERIES,
  history: [],
  warnings: [],
  training: null,
  frames: NO_FRAMES,
  taskMetrics: {},
  probeProblems: {},
};

type StatusUpdate = {
  status: ExperimentStatus;
  queue_position: number | null;
  error: string | null;
  error_node?: string | null;
  device: string | null;
};

/** REST answers and stream messages race: never step back from running to queued, nor out of an end state. */
function canMove(from: ExperimentStatus | null, to: ExperimentStatus): boolean {
  if (from === "running" && to === "queued") return false;
  return !(isEnded(from) && !isEnded(to));
}

function withStatus<S extends StreamState>(state: S, update: StatusUpdate): S {
  if (!canMove(state.status, update.status)) return state;
  return {
    ...state,
    status: update.status,
    queuePosition: update.queue_position,
    error: update.error,
    errorNode: update.error_node ?? null,
    device: update.device ?? state.device,
  };
}

/** Rows appended to the series; step and epoch only move forward. */
export function withRows<S extends StreamState>(state: S, rows: readonly MetricsRow[]): S {
  const series = appendRows(state.series, rows);
  if (series === state.series) return state;
  const tail = series.steps.length - 1;
  // Rows between measurements carry no metrics; keep the last measured value of each.
  const taskMetrics = rows.reduce<Record<string, number | null>>(
    (known, row) => ({
      ...known,
      ...Object.fromEntries(Object.entries(row.metrics ?? {}).filter(([, v]) => v != null)),
    }),
    state.taskMetrics,
  );
  return {
    ...state,
    series,
    taskMetrics,
    step: Math.max(state.step, series.steps[tail]),
    epoch: Math.max(state.epoch, series.epochs[tail]),
  };
}

/** An experiment object, from a REST answer or a `hello`. */
export function withExperiment<S extends StreamState>(state: S, exp: Experiment): S {
  const next = withStatus(state, exp);
  return {
    ...next,
    step: Math.max(next.step, exp.step),
    epoch: Math.max(next.epoch, exp.epoch),
    // REST answers and `settings` messages race: merge, never drop an entry the stream already brought.
    history: mergeHistory(next.history, (exp.history ?? []) as HistoryEntry[]),
    warnings: exp.warnings ?? [],
    training: exp.training as TrainingSettings,
  };
}

export function withFrame<S extends StreamState>(state: S, frame: TensorFrame): S {
  const frames = keepFrame(state.frames, frame);
  return frames === state.frames ? state : { ...state, frames };
}

function withProbeProblem<S extends StreamState>(state: S, probe: string | null, node: string | null, text: string): S {
  if (!probe) return state;
  const byNode = { ...state.probeProblems[probe], [nodeKey(node)]: text };
  return { ...state, probeProblems: { ...state.probeProblems, [probe]: byNode } };
}

/** The state after one text message of the stream. */
export function reduceMessage<S extends StreamState>(state: S, message: StreamMessage): S {
  switch (message.type) {
    case "hello":
      return withExperiment(state, message.experiment);
    case "status":
      return withStatus(state, message);
    case "metrics":
      return withRows(state, message.rows);
    case "settings":
      return { ...state, history: mergeHistory(state.history, [{ step: message.step, changes: message.changes }]) };
    case "warnings":
      return { ...state, warnings: [...new Set([...state.warnings, ...message.messages])] };
    case "watch_error":
      return withProbeProblem(state, message.probe, message.node, message.message);
    default:
      return state;
  }
}

/** The failure to announce when a state change made the run fail, else null. */
export function newFailure(before: StreamState, after: StreamState): { error: string; node: string | null } | null {
  if (after.status !== "failed" || before.status === "failed" || !after.error) return null;
  return { error: after.error, node: after.errorNode };
}

/** An interrupted run resumed from its checkpoint: it leaves its end state, and re-takes the steps after it. */
export function withResumed<S extends StreamState>(state: S, exp: Experiment): S {
  const resumed = {
    ...state,
    status: exp.status,
    error: null,
    errorNode: null,
    step: exp.step,
    series: truncateSeries(state.series, exp.step),
  };
  return withExperiment(resumed, exp);
}
