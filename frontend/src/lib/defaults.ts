// The network, data set and settings a first visit starts with: a small Playground-style classifier.
import type { DatasetRef, GraphSpec, TrainingSettings } from "../api/types";

export const NODE_SPACING_X = 145;

export function defaultGraph(): GraphSpec {
  const chain: [string, string, Record<string, unknown>?][] = [
    ["in", "Input"],
    ["fc1", "Linear", { out_features: 8 }],
    ["act1", "Tanh"],
    ["fc2", "Linear", { out_features: 8 }],
    ["act2", "Tanh"],
    ["out", "Linear", { out_features: 1 }],
  ];
  return {
    nodes: chain.map(([id, type, params], i) => ({
      id,
      type,
      ...(params ? { params } : {}),
      position: { x: i * NODE_SPACING_X, y: 0 },
    })),
    edges: chain.slice(1).map(([id], i) => ({ source: chain[i][0], target: id })),
    output: "out",
  };
}

export function defaultDataset(): DatasetRef {
  return { name: "circle", options: { features: ["x1", "x2"] } };
}

export function defaultTraining(): TrainingSettings {
  return {
    optimizer: "adam",
    lr: 0.03,
    momentum: 0,
    loss: null,
    kl_weight: 1,
    batch_size: 10,
    epochs: 100,
    l1: 0,
    l2: 0,
    seed: 0,
    device: "auto",
    optimizer_params: {},
    schedule: "constant",
    schedule_params: {},
    warmup_steps: 0,
    clip_norm: null,
    validation_ratio: 0,
    patience: 0,
    restore_best: true,
    init: { scheme: "default" } as TrainingSettings["init"],
    init_overrides: {},
    init_from: null,
    frozen: [],
    finetune_lr: null,
    checkpoint_every: 0,
    eval_every_steps: 0,
    amp: "off",
  };
}

/** Learning rates offered, as in TensorFlow Playground. */
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100, 1000];
/** Regularization rates offered for L1 and L2. */
export const REGULARIZATION_RATES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
