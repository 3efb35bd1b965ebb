// Play / Pause / Step / Reset and the rest of what the page does to its run: REST calls, the stream (through
// api/socket's one owner), and the effects of what they answer. The only writer of the run store.
import { api, ApiError, type ExperimentAction } from "../api/client";
import type { TensorFrame } from "../api/frames";
import { experimentStream } from "../api/socket";
import { type Experiment, isActive, isEnded, type MetricsRow, type StreamMessage } from "../api/types";
import i18n from "../i18n";
import { runFingerprint, toSpec } from "../lib/graphSpec";
import { trainingForNodes } from "../lib/training";
import { useEditor } from "./editor";
import { reportError, useNotices } from "./notices";
import { idleRun, type RunState, useRun } from "./run";
import { hasGap, lastStep } from "./series";
import { newFailure, reduceMessage, withExperiment, withFrame, withResumed, withRows } from "./stream";
import { useValidation } from "./validation";

const RUN_KEY = "neurona.run";

/** Moves the store to `reduce(state)` and announces a failure that move brought. */
function update(reduce: (state: RunState) => RunState): void {
  const before = useRun.getState();
  const after = reduce(before);
  if (after === before) return;
  useRun.setState(after, true);
  const failure = newFailure(before, after);
  if (!failure) return;
  useNotices.getState().push({ kind: "error", title: i18n.t("errors.runFailed"), message: failure.error });
  // Point at the node the message names, as a validation error would.
  if (failure.node && useEditor.getState().nodes.some((n) => n.id === failure.node)) {
    useValidation.getState().setActionErrors([{ node: failure.node, field: null, message: failure.error }]);
  }
}

function applyExperiment(exp: Experiment): void {
  update((s) => (s.experimentId === exp.id ? withExperiment(s, exp) : s));
}

export function currentFingerprint(): string {
  const { nodes, edges, dataset, training } = useEditor.getState();
  return runFingerprint(toSpec(nodes, edges, false), dataset, training);
}

/** True when Play would train what the editor shows now without creating a new experiment. */
export function runMatchesEditor(): boolean {
  const { experimentId, fingerprint, status } = useRun.getState();
  return experimentId !== null && fingerprint === currentFingerprint() && !isEnded(status);
}

// Streamed rows after a gap wait here while the metrics endpoint fills the gap in.
const gapFill = { filling: false, held: [] as MetricsRow[], useless: false };

function resetGapFill(): void {
  gapFill.filling = false;
  gapFill.held = [];
  gapFill.useless = false;
}

/** Appends streamed rows; a jump in `step` means rows were missed, which the metrics endpoint fills in. */
function receiveRows(rows: MetricsRow[]): void {
  if (gapFill.filling) {
    gapFill.held.push(...rows);
    return;
  }
  const { series, experimentId: id } = useRun.getState();
  if (gapFill.useless || !hasGap(series, rows) || !id) {
    update((s) => withRows(s, rows));
    return;
  }
  const first = Math.min(...rows.map((r) => r.step).filter((step) => step > lastStep(series)));
  gapFill.filling = true;
  gapFill.held = [...rows];
  api
    .metrics(id, lastStep(series))
    .then((page) => {
      if (useRun.getState().experimentId !== id) return;
      // The server may log fewer rows than steps; then there is nothing to fill and no point asking again.
      if (!page.rows.some((r) => r.step < first)) gapFill.useless = true;
      update((s) => withRows(s, [...page.rows, ...gapFill.held]));
    })
    .catch((err: unknown) => reportError(i18n.t("errors.metrics"), err))
    .finally(() => {
      if (gapFill.held.length && useRun.getState().experimentId === id) {
        const held = gapFill.held;
        update((s) => withRows(s, held));
      }
      gapFill.filling = false;
      gapFill.held = [];
    });
}

function onMessage(message: StreamMessage): void {
  if (message.type === "metrics") receiveRows(message.rows);
  else update((s) => reduceMessage(s, message));
}

function onFrame(frame: TensorFrame): void {
  update((s) => withFrame(s, frame));
}

function openSocket(id: string): void {
  experimentStream.open(id, {
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
  experimentStream.close();
  resetGapFill();
}

function remember(id: string | null, fingerprint: string | null): void {
  try {
    if (id) localStorage.setItem(RUN_KEY, JSON.stringify({ id, fingerprint }));
    else localStorage.removeItem(RUN_KEY);
  } catch {
    // Storage may be disabled; the run simply is not restored after a reload.
  }
}

const ERROR_TITLES: Readonly<Record<number, string>> = {
  422: "errors.invalidSpec",
  409: "errors.conflict",
  404: "errors.notFound",
};

function showActionError(err: unknown): void {
  const status = err instanceof ApiError ? err.status : null;
  if (err instanceof ApiError && status === 422) useValidation.getState().setActionErrors(err.items);
  reportError(i18n.t((status !== null && ERROR_TITLES[status]) || "errors.action"), err);
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
  useRun.setState(withExperiment({ ...idleRun(), busy: true, experimentId: exp.id, fingerprint }, exp), true);
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
      useRun.setState({ ...idleRun(), busy: true }, true);
    }),

  /** An interrupted run continues from its last checkpoint; rows after it are re-taken. */
  resumeInterrupted: () =>
    withBusy(async () => {
      const { experimentId: id, status } = useRun.getState();
      if (!id || status !== "interrupted") return;
      const exp = await api.action(id, "resume");
      update((s) => (s.experimentId === id ? withResumed(s, exp) : s));
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
      const fingerprint = typeof saved.fingerprint === "string" ? saved.fingerprint : null;
      useRun.setState({ ...idleRun(), experimentId: id, fingerprint, status: exp.status }, true);
      applyExperiment(exp);
      const page = await api.metrics(id, 0);
      update((s) => withRows(s, page.rows));
      openSocket(id);
    } catch (err) {
      remember(null, null);
      useRun.setState(idleRun(), true);
      // A run that no longer exists (e.g. the server's data was wiped) is not worth a warning.
      if (!(err instanceof ApiError && err.status === 404)) reportError(i18n.t("errors.restore"), err);
    }
  },
};
