// The current training run: its experiment on the server, its live metrics and decision boundary, and the
// Play / Pause / Step / Reset actions.
import { create } from "zustand";
import { api, ApiError, type ExperimentAction } from "../api/client";
import type { TensorFrame } from "../api/frames";
import { ExperimentSocket } from "../api/socket";
import {
  type Experiment,
  type ExperimentStatus,
  type HistoryEntry,
  isActive,
  type MetricsRow,
  type StreamMessage,
  type TrainingSettings,
} from "../api/types";
import { failedNode, finiteOrNull, mergeHistory, trainingForNodes } from "../lib/training";
import { runFingerprint, toSpec } from "../lib/graphSpec";
import i18n from "../i18n";
import { useEditor } from "./editor";
import { reportError, useNotices } from "./notices";
import { useValidation } from "./validation";

export type Series = {
  steps: number[];
  epochs: number[];
  train: (number | null)[];
  test: (number | null)[];
  accuracy: (number | null)[];
  /** Learning rate of each step (null in rows from before the server logged it). */
  lr: (number | null)[];
  /** Validation loss; null without a validation split. */
  val: (number | null)[];
};

export type Boundary = {
  values: Float32Array;
  shape: number[];
  extent: [number, number, number, number];
  step: number;
};

type RunState = {
  experimentId: string | null;
  fingerprint: string | null;
  status: ExperimentStatus | null;
  queuePosition: number | null;
  error: string | null;
  device: string | null;
  step: number;
  epoch: number;
  /** Grows in place (uPlot reads the arrays); `seriesVersion` says when it changed. */
  series: Series;
  seriesVersion: number;
  boundary: Boundary | null;
  connected: boolean;
  busy: boolean;
  /** Live setting changes applied to the run, with the step they took effect after. */
  history: HistoryEntry[];
  /** What init_from could not load, and what early stopping did. */
  warnings: string[];
  /** The run's settings as the server stores them (the baseline for live changes). */
  training: TrainingSettings | null;
  /** The task's other metrics (precision, Dice, perplexity, KL, ...) of the latest row, by name. */
  taskMetrics: Record<string, number | null>;
};

// Never reused, so a chart notices a new series even when the old one had as many updates.
let seriesCounter = 0;

const emptySeries = (): Series => ({ steps: [], epochs: [], train: [], test: [], accuracy: [], lr: [], val: [] });

const idle = (): RunState => ({
  experimentId: null,
  fingerprint: null,
  status: null,
  queuePosition: null,
  error: null,
  device: null,
  step: 0,
  epoch: 0,
  series: emptySeries(),
  seriesVersion: ++seriesCounter,
  boundary: null,
  connected: false,
  busy: false,
  history: [],
  warnings: [],
  training: null,
  taskMetrics: {},
});

export const useRun = create<RunState>()(() => idle());

const RUN_KEY = "neurona.run";
const TERMINAL: readonly ExperimentStatus[] = ["finished", "stopped", "failed", "interrupted"];

let socket: ExperimentSocket | null = null;
// Metrics gap filling (see receiveRows).
let filling = false;
let held: MetricsRow[] = [];
let gapFillUseless = false;

export function currentFingerprint(): string {
  const { nodes, edges, dataset, training } = useEditor.getState();
  return runFingerprint(toSpec(nodes, edges, false), dataset, training);
}

/** True when Play would train what the editor shows now without creating a new experiment. */
export function runMatchesEditor(): boolean {
  const { experimentId, fingerprint, status } = useRun.getState();
  return experimentId !== null && fingerprint === currentFingerprint() && !TERMINAL.includes(status ?? "created");
}

function lastStep(): number {
  const steps = useRun.getState().series.steps;
  return steps.length ? steps[steps.length - 1] : 0;
}

function appendRows(rows: MetricsRow[]): void {
  const state = useRun.getState();
  const series = state.series;
  let last = lastStep();
  let added = 0;
  for (const row of rows) {
    if (row.step <= last) continue;
    series.steps.push(row.step);
    series.epochs.push(row.epoch);
    // A diverged run may report non-finite losses: never hand NaN or infinities to the charts.
    series.train.push(finiteOrNull(row.train_loss));
    series.test.push(finiteOrNull(row.test_loss));
    series.accuracy.push(finiteOrNull(row.accuracy));
    series.lr.push(finiteOrNull(row.lr));
    series.val.push(finiteOrNull(row.val_loss));
    last = row.step;
    added++;
  }
  if (!added) return;
  const tail = rows[rows.length - 1];
  useRun.setState({
    seriesVersion: ++seriesCounter,
    step: Math.max(state.step, last),
    epoch: Math.max(state.epoch, tail.epoch),
    taskMetrics: tail.metrics ?? {},
  });
}

/** Appends streamed rows; a jump in `step` means rows were missed, which the metrics endpoint fills in. */
function receiveRows(rows: MetricsRow[]): void {
  if (filling) {
    held.push(...rows);
    return;
  }
  const last = lastStep();
  const fresh = rows.filter((r) => r.step > last).sort((a, b) => a.step - b.step);
  if (!fresh.length) return;
  if (fresh[0].step <= last + 1 || gapFillUseless) {
    appendRows(fresh);
    return;
  }
  const id = useRun.getState().experimentId;
  if (!id) return;
  filling = true;
  held = fresh;
  api
    .metrics(id, last)
    .then((page) => {
      if (useRun.getState().experimentId !== id) return;
      const before = page.rows.filter((r) => r.step < fresh[0].step).length;
      // The server may log fewer rows than steps; then there is nothing to fill and no point asking again.
      if (before === 0) gapFillUseless = true;
      appendRows([...page.rows, ...held].sort((a, b) => a.step - b.step));
    })
    .catch((err: unknown) => reportError(i18n.t("errors.metrics"), err))
    .finally(() => {
      if (filling && held.length && useRun.getState().experimentId === id) appendRows(held);
      filling = false;
      held = [];
    });
}

/** Applies an experiment object, from a REST answer or a `hello`. */
function applyExperiment(exp: Experiment): void {
  const state = useRun.getState();
  if (state.experimentId !== exp.id) return;
  applyStatus(exp.status, exp.queue_position, exp.error, exp.device);
  useRun.setState((s) => ({
    step: Math.max(s.step, exp.step),
    epoch: Math.max(s.epoch, exp.epoch),
    // REST answers and `settings` messages race: merge, never drop an entry the stream already brought.
    history: mergeHistory(s.history, (exp.history ?? []) as HistoryEntry[]),
    warnings: exp.warnings ?? [],
    training: exp.training as TrainingSettings,
  }));
}

function applyStatus(
  status: ExperimentStatus,
  queuePosition: number | null,
  error: string | null,
  device: string | null,
): void {
  const current = useRun.getState().status;
  // REST answers and stream messages race: never step back from running to queued, nor out of an end state.
  if (current === "running" && status === "queued") return;
  if (current && TERMINAL.includes(current) && !TERMINAL.includes(status)) return;
  useRun.setState((s) => ({ status, queuePosition, error, device: device ?? s.device }));
  if (status === "failed" && error && current !== "failed") {
    useNotices.getState().push({ kind: "error", title: i18n.t("errors.runFailed"), message: error });
    // Point at the node the message names, as a validation error would.
    const node = failedNode(error);
    if (node && useEditor.getState().nodes.some((n) => n.id === node)) {
      useValidation.getState().setActionErrors([{ node, field: null, message: error }]);
    }
  }
}

function onMessage(message: StreamMessage): void {
  switch (message.type) {
    case "hello":
      applyExperiment(message.experiment);
      break;
    case "status":
      applyStatus(message.status, message.queue_position, message.error, message.device);
      break;
    case "metrics":
      receiveRows(message.rows);
      break;
    case "settings":
      useRun.setState((s) => ({
        history: mergeHistory(s.history, [{ step: message.step, changes: message.changes }]),
      }));
      break;
    case "warnings":
      useRun.setState((s) => ({ warnings: [...new Set([...s.warnings, ...message.messages])] }));
      break;
  }
}

function onFrame(frame: TensorFrame): void {
  const { header } = frame;
  if (header.type !== "boundary") return;
  const extent = Array.isArray(header.extent) && header.extent.length === 4 ? header.extent : [-6, 6, -6, 6];
  const step = typeof header.step === "number" ? header.step : 0;
  const previous = useRun.getState().boundary;
  if (previous && step < previous.step) return;
  useRun.setState({
    boundary: { values: frame.values, shape: header.shape, extent: extent as Boundary["extent"], step },
  });
}

function openSocket(id: string): void {
  socket?.close();
  socket = new ExperimentSocket(id, {
    onMessage,
    onFrame,
    onProblem: (message) => reportError(i18n.t("errors.stream"), new Error(message)),
    shouldReconnect: () => {
      const s = useRun.getState();
      return s.experimentId === id && isActive(s.status);
    },
    onConnectionChange: (connected) => {
      if (useRun.getState().experimentId === id) useRun.setState({ connected });
    },
  });
}

function closeSocket(): void {
  socket?.close();
  socket = null;
  filling = false;
  held = [];
  gapFillUseless = false;
}

function remember(id: string | null, fingerprint: string | null): void {
  try {
    if (id) localStorage.setItem(RUN_KEY, JSON.stringify({ id, fingerprint }));
    else localStorage.removeItem(RUN_KEY);
  } catch {
    // Storage may be disabled; the run simply is not restored after a reload.
  }
}

function showActionError(err: unknown): void {
  if (err instanceof ApiError && err.status === 422) useValidation.getState().setActionErrors(err.items);
  const title =
    err instanceof ApiError && err.status === 422
      ? i18n.t("errors.invalidSpec")
      : err instanceof ApiError && err.status === 409
        ? i18n.t("errors.conflict")
        : err instanceof ApiError && err.status === 404
          ? i18n.t("errors.notFound")
          : i18n.t("errors.action");
  reportError(title, err);
}

async function act(action: ExperimentAction): Promise<Experiment> {
  const id = useRun.getState().experimentId;
  if (!id) throw new Error("no experiment");
  const exp = await api.action(id, action);
  applyExperiment(exp);
  return exp;
}

/** Stops the current experiment on the server if it is still active; its errors do not block what follows. */
async function stopCurrent(): Promise<void> {
  const { experimentId, status } = useRun.getState();
  if (!experimentId || !isActive(status)) return;
  try {
    await api.action(experimentId, "stop");
  } catch (err) {
    // 409: it ended meanwhile, which is what we wanted.
    if (!(err instanceof ApiError && err.status === 409)) reportError(i18n.t("errors.action"), err);
  }
}

async function createExperiment(): Promise<void> {
  await stopCurrent();
  closeSocket();
  const { nodes, edges, dataset, training } = useEditor.getState();
  const graph = toSpec(nodes, edges, true);
  const fingerprint = currentFingerprint();
  const exp = await api.createExperiment({
    name: `${dataset.name} ${new Date().toLocaleTimeString()}`,
    graph,
    dataset,
    training: trainingForNodes(
      training,
      graph.nodes.map((n) => n.id),
    ),
  });
  useValidation.getState().setActionErrors([]);
  useRun.setState({
    ...idle(),
    busy: true,
    experimentId: exp.id,
    fingerprint,
    status: exp.status,
    warnings: exp.warnings ?? [],
    training: exp.training as TrainingSettings,
  });
  remember(exp.id, fingerprint);
  openSocket(exp.id);
}

async function withBusy(task: () => Promise<void>): Promise<void> {
  if (useRun.getState().busy) return;
  useRun.setState({ busy: true });
  try {
    await task();
  } catch (err) {
    showActionError(err);
  } finally {
    useRun.setState({ busy: false });
  }
}

export const runActions = {
  play: () =>
    withBusy(async () => {
      if (!runMatchesEditor()) {
        await createExperiment();
        await act("start");
        return;
      }
      const status = useRun.getState().status;
      if (status === "created") await act("start");
      else if (status === "paused") await act("resume");
    }),

  pause: () =>
    withBusy(async () => {
      const status = useRun.getState().status;
      if (status === "running" || status === "queued") await act("pause");
    }),

  step: () =>
    withBusy(async () => {
      if (!runMatchesEditor()) await createExperiment();
      const status = useRun.getState().status;
      if (status === "running" || status === "queued") await act("pause");
      await act("step");
    }),

  reset: () =>
    withBusy(async () => {
      await stopCurrent();
      closeSocket();
      remember(null, null);
      useRun.setState({ ...idle(), busy: true });
    }),

  /** An interrupted run continues from its last checkpoint; rows after it are re-taken. */
  resumeInterrupted: () =>
    withBusy(async () => {
      const { experimentId: id, status } = useRun.getState();
      if (!id || status !== "interrupted") return;
      const exp = await api.action(id, "resume");
      const series = useRun.getState().series;
      const keep = series.steps.filter((s) => s <= exp.step).length;
      for (const column of Object.values(series)) column.length = Math.min(column.length, keep);
      useRun.setState({ status: exp.status, error: null, step: exp.step, seriesVersion: ++seriesCounter });
      applyExperiment(exp);
      openSocket(id);
    }),

  /**
   * Applies live setting changes to the current run (PATCH .../settings) and keeps it matching the editor, so
   * Play continues it instead of starting over. Answers false when the server refused.
   */
  applyLive: async (changes: Record<string, unknown>): Promise<boolean> => {
    const id = useRun.getState().experimentId;
    if (!id) return false;
    try {
      const exp = await api.patchSettings(id, changes);
      if (useRun.getState().experimentId !== id) return false;
      useRun.setState({ fingerprint: currentFingerprint() });
      remember(id, currentFingerprint());
      applyExperiment(exp);
      return true;
    } catch (err) {
      showActionError(err);
      return false;
    }
  },

  /** After a reload: re-attach to the experiment the page was showing, if the server still has it. */
  restore: async () => {
    type Saved = { id?: unknown; fingerprint?: unknown } | null;
    let saved: Saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(RUN_KEY) ?? "null") as Saved;
    } catch {
      saved = null;
    }
    if (!saved || typeof saved.id !== "string") return;
    const id = saved.id;
    try {
      const exp = await api.experiment(id);
      useRun.setState({
        ...idle(),
        experimentId: id,
        fingerprint: typeof saved.fingerprint === "string" ? saved.fingerprint : null,
        status: exp.status,
      });
      applyExperiment(exp);
      const page = await api.metrics(id, 0);
      appendRows(page.rows);
      openSocket(id);
    } catch (err) {
      remember(null, null);
      useRun.setState(idle());
      // A run that no longer exists (e.g. the server's data was wiped) is not worth a warning.
      if (!(err instanceof ApiError && err.status === 404)) reportError(i18n.t("errors.restore"), err);
    }
  },
};

/** Latest value of a series that may hold nulls (test metrics are not computed every step). */
export function latest(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) return v;
  }
  return null;
}
