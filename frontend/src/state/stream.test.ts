import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame } from "../api/frames";
import type { Experiment, StreamMessage } from "../api/types";
import { defaultTraining } from "../lib/defaults";
import { boundaryOf, frameOf } from "./frames";
import {
  INITIAL_STREAM,
  newFailure,
  reduceMessage,
  type StreamState,
  withExperiment,
  withFrame,
  withResumed,
} from "./stream";

const experiment = (patch: Partial<Experiment> = {}): Experiment =>
  ({
    id: "abc",
    name: "run",
    status: "created",
    created_at: "",
    updated_at: "",
    graph: { nodes: [], edges: [] },
    dataset: { name: "circle", options: {} },
    training: defaultTraining(),
    total_params: 3,
    step: 0,
    epoch: 0,
    last_metrics: null,
    error: null,
    queue_position: null,
    device: null,
    history: [],
    warnings: [],
    ...patch,
  }) as Experiment;

const status = (
  s: Extract<StreamMessage, { type: "status" }>["status"],
  error: string | null = null,
  errorNode: string | null = null,
): StreamMessage => ({
  type: "status",
  seq: 1,
  status: s,
  queue_position: null,
  error,
  error_node: errorNode,
  device: "cpu",
});

const metrics = (...steps: [number, number | null][]): StreamMessage => ({
  type: "metrics",
  seq: 2,
  rows: steps.map(([step, test_loss]) => ({ step, epoch: step / 4, train_loss: 1, test_loss, accuracy: null })),
});

const play = (messages: StreamMessage[], from: StreamState = INITIAL_STREAM) => messages.reduce(reduceMessage, from);

const frame = (header: Record<string, unknown>, bytes: number[]) =>
  decodeFrame(encodeFrame({ dtype: "uint8", seq: 1, ...header }, new Uint8Array(bytes)));

describe("reduceMessage", () => {
  it("takes the experiment of a hello", () => {
    const state = play([{ type: "hello", seq: 3, experiment: experiment({ status: "paused", step: 7, epoch: 2 }) }]);
    expect(state.status).toBe("paused");
    expect(state.step).toBe(7);
    expect(state.epoch).toBe(2);
    expect(state.training?.optimizer).toBe(defaultTraining().optimizer);
  });

  it("follows status messages, keeping the device once known", () => {
    const state = play([status("queued"), status("running"), { ...status("paused"), device: null } as StreamMessage]);
    expect(state.status).toBe("paused");
    expect(state.device).toBe("cpu");
  });

  it("never steps back from running to queued, nor out of an end state (REST and stream race)", () => {
    expect(play([status("running"), status("queued")]).status).toBe("running");
    expect(play([status("finished"), status("running")]).status).toBe("finished");
    expect(play([status("stopped"), status("failed", "boom")]).status).toBe("failed");
  });

  it("appends metric rows and moves step and epoch forward only", () => {
    const state = play([metrics([1, null], [2, 0.5]), metrics([1, null]), metrics([3, null], [4, 0.25])]);
    expect(state.series.steps).toEqual([1, 2, 3, 4]);
    expect(state.series.test).toEqual([null, 0.5, null, 0.25]);
    expect(state.step).toBe(4);
    expect(state.epoch).toBe(1);
  });

  it("merges settings changes and warnings without duplicates", () => {
    const change: StreamMessage = { type: "settings", seq: 4, step: 10, changes: { lr: 0.01 } };
    const warning: StreamMessage = { type: "warnings", seq: 5, messages: ["out.weight: not loaded"] };
    const state = play([change, change, warning, warning]);
    expect(state.history).toEqual([{ step: 10, changes: { lr: 0.01 } }]);
    expect(state.warnings).toEqual(["out.weight: not loaded"]);
  });

  it("keeps a settings change the stream brought when a REST answer that lacks it arrives", () => {
    const state = play([{ type: "settings", seq: 4, step: 10, changes: { lr: 0.01 } }]);
    expect(withExperiment(state, experiment({ status: "running" })).history).toHaveLength(1);
  });

  it("leaves the state alone for messages it does not keep", () => {
    const state = play([status("running")]);
    expect(reduceMessage(state, { type: "watching", seq: 9 } as unknown as StreamMessage)).toBe(state);
  });

  it("keeps the server's reason for refusing a watch, by probe and node", () => {
    const refused = (probe: string | null, node: string | null): StreamMessage => ({
      type: "watch_error",
      seq: 4,
      probe,
      node,
      field: "node",
      message: `no ${node}`,
    });
    const state = [refused("activations", "c9"), refused("confusion", null)].reduce(reduceMessage, INITIAL_STREAM);
    expect(state.probeProblems).toEqual({ activations: { c9: "no c9" }, confusion: { "": "no null" } });
    // A refusal that names no probe (a message that was not JSON) has nowhere to show.
    expect(reduceMessage(state, refused(null, null))).toBe(state);
  });

  it("names the failing node and announces the failure once", () => {
    const message = "the weights became non-finite at step 3: node 'fc1' produced outputs as large as 3e7";
    const running = play([status("running")]);
    const failed = reduceMessage(running, status("failed", message, "fc1"));
    expect(failed.errorNode).toBe("fc1");
    // The node comes from its own field, never from the wording of the message.
    expect(reduceMessage(running, status("failed", message)).errorNode).toBeNull();
    expect(newFailure(running, failed)).toEqual({ error: message, node: "fc1" });
    expect(newFailure(failed, reduceMessage(failed, status("failed", message)))).toBeNull();
  });
});

describe("frames", () => {
  it("keeps the newest frame of each (probe, node) and ignores an older one arriving late", () => {
    let state = withFrame(INITIAL_STREAM, frame({ type: "boundary", step: 5, shape: [1, 1, 2] }, [0, 255]));
    state = withFrame(
      state,
      frame({ type: "activations", probe: "activations", node: "fc1", step: 5, shape: [2] }, [1, 2]),
    );
    state = withFrame(
      state,
      frame({ type: "activations", probe: "activations", node: "fc2", step: 6, shape: [1] }, [3]),
    );
    const stale = withFrame(state, frame({ type: "boundary", step: 4, shape: [1, 1, 2] }, [9, 9]));
    expect(stale).toBe(state);
    expect(Object.keys(state.frames).sort()).toEqual(["activations", "boundary"]);
    expect(frameOf(state.frames, "activations", "fc1")?.values).toEqual(new Float32Array([1, 2]));
    expect(frameOf(state.frames, "activations", "fc2")?.step).toBe(6);
    expect(frameOf(state.frames, "activations", "fc3")).toBeNull();
    const newer = withFrame(state, frame({ type: "boundary", step: 8, shape: [1, 1, 2] }, [255, 0]));
    expect(frameOf(newer.frames, "boundary")?.step).toBe(8);
    expect(frameOf(newer.frames, "activations", "fc1")).toBe(frameOf(state.frames, "activations", "fc1"));
  });

  it("reads a boundary's extent from its header, defaulting when it is missing", () => {
    const withExtent = withFrame(
      INITIAL_STREAM,
      frame({ type: "boundary", step: 1, shape: [1, 1, 1], extent: [0, 1, 2, 3] }, [0]),
    );
    expect(boundaryOf(frameOf(withExtent.frames, "boundary"))?.extent).toEqual([0, 1, 2, 3]);
    const without = withFrame(INITIAL_STREAM, frame({ type: "boundary", shape: [1, 1, 1] }, [0]));
    expect(boundaryOf(frameOf(without.frames, "boundary"))).toMatchObject({ extent: [-6, 6, -6, 6], step: 0 });
    expect(boundaryOf(null)).toBeNull();
  });
});

describe("withResumed", () => {
  it("leaves the interrupted state and drops the rows after the checkpoint", () => {
    const interrupted = play([metrics([1, 0.5], [2, null], [3, 0.4]), status("interrupted", "server restarted")]);
    const resumed = withResumed(interrupted, experiment({ status: "queued", step: 2 }));
    expect(resumed.status).toBe("queued");
    expect(resumed.error).toBeNull();
    expect(resumed.series.steps).toEqual([1, 2]);
    expect(resumed.step).toBe(2);
  });
});
