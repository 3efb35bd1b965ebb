// A teacher following one student's run read-only: its own run store, fed by its own experiment socket (the
// room's key offered as a subprotocol, never in the URL) and the teacher's metrics endpoint, so the page's views
// (components/output/RunOutput) draw it live inside a RunScopeContext while the teacher's own run goes on.
import { createStore, type StoreApi } from "zustand";
import { api } from "../api/client";
import { ROOM_KEY_SUBPROTOCOL, type TeacherApi } from "../api/rooms";
import { WatchedStream } from "../api/socket";
import { type DatasetPreview, type DatasetRef, type Experiment, isEnded, type GraphSpec } from "../api/types";
import { fromSpec } from "../lib/graphSpec";
import { idleRun, type RunScope, type RunState } from "./run";
import { hasGap, lastStep } from "./series";
import { reduceMessage, withExperiment, withFrame, withRows } from "./stream";

export type RoomRun = { experiment: Experiment; scope: RunScope };

async function previewOf(dataset: DatasetRef): Promise<DatasetPreview | null> {
  try {
    return await api.preview(dataset.name, dataset.options);
  } catch {
    return null; // a student's own upload is theirs alone: the views then draw without the data points
  }
}

function openStream(store: StoreApi<RunState>, teacher: TeacherApi, id: string, stream: WatchedStream): void {
  const update = (reduce: (s: RunState) => RunState) => store.setState(reduce(store.getState()), true);
  stream.open(id, {
    onMessage: (message) => {
      // After a gap in the rows (the socket's replay buffer ran out) the teacher's metrics endpoint fills it in.
      if (message.type === "metrics" && hasGap(store.getState().series, message.rows)) {
        const after = lastStep(store.getState().series);
        teacher.metrics(id, after).then(
          (page) => update((s) => withRows(s, [...page.rows, ...message.rows])),
          () => update((s) => withRows(s, message.rows)),
        );
        return;
      }
      update((s) => reduceMessage(s, message));
    },
    onFrame: (frame) => update((s) => withFrame(s, frame)),
    onProblem: () => undefined, // a frame the page cannot read is skipped; the next one replaces it
    shouldReconnect: () => !isEnded(store.getState().status),
    onConnectionChange: (connected) => store.setState({ connected }),
  });
}

/**
 * Opens a room's run for reading: its experiment, metric rows so far and data preview, then its live stream.
 * Answers what the views need and the function that closes the stream.
 */
export async function followRoomRun(
  teacher: TeacherApi,
  key: string,
  id: string,
): Promise<{ run: RoomRun; close: () => void }> {
  const experiment = await teacher.experiment(id);
  const dataset = { name: experiment.dataset.name, options: experiment.dataset.options ?? {} };
  const [page, preview] = await Promise.all([teacher.metrics(id), previewOf(dataset)]);
  const store = createStore<RunState>()(() =>
    withRows(withExperiment({ ...idleRun(), experimentId: id }, experiment), page.rows),
  );
  const stream = new WatchedStream([`${ROOM_KEY_SUBPROTOCOL}${key}`]);
  openStream(store, teacher, id, stream);
  const { nodes, edges } = fromSpec(experiment.graph as GraphSpec);
  const shown = { nodes, edges, dataset, preview };
  return { run: { experiment, scope: { run: store, watch: stream.watch, shown } }, close: () => stream.close() };
}
