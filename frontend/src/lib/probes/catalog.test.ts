import { describe, expect, it } from "vitest";
import type { ProbeInfo } from "../../api/types";
import { applicableProbes, probeApplies } from "./catalog";

const anything = { layers: null, categories: null, tasks: null, kinds: null, parametrised: false, matrices: false, ranks: null };
const probe = (name: string, scope: "node" | "model", applies: Partial<ProbeInfo["applies_to"]> = {}): ProbeInfo => ({
  name,
  title: name,
  description: "",
  scope,
  applies_to: { ...anything, ...applies },
  options_schema: {},
  dtypes: ["uint8"],
  needs_grads: false,
  uses_samples: false,
  max_hz: null,
});

const table = [
  probe("activations", "node"),
  probe("weights", "node", { parametrised: true }),
  probe("weight_image", "node", { parametrised: true, matrices: true }),
  probe("unit_maps", "node", { kinds: ["points2d"], ranks: [1] }),
  probe("confusion", "model", { tasks: ["classification"] }),
  probe("boundary", "model", { kinds: ["points2d"] }),
];
const digits = { task: "classification", kind: "images" };

describe("probe applicability", () => {
  it("offers a conv node its activations, weights and kernels, and a ReLU only its activations", () => {
    const conv = { layer: "Conv2d", category: "conv", rank: 3, params: 156, matrixParams: 150 };
    expect(applicableProbes(table, digits, conv)).toEqual(new Set(["activations", "weights", "weight_image"]));
    const relu = { layer: "ReLU", category: "activation", rank: 3, params: 0, matrixParams: 0 };
    expect(applicableProbes(table, digits, relu)).toEqual(new Set(["activations"]));
    const norm = { layer: "BatchNorm2d", category: "normalization", rank: 3, params: 12, matrixParams: 0 };
    expect(applicableProbes(table, digits, norm)).toEqual(new Set(["activations", "weights"]));
  });

  it("keeps model probes apart from node probes and checks the dataset's task and kind", () => {
    expect(applicableProbes(table, digits)).toEqual(new Set(["confusion"]));
    expect(applicableProbes(table, { task: "classification", kind: "points2d" })).toEqual(
      new Set(["confusion", "boundary"]),
    );
    const hidden = { layer: "Linear", category: "core", rank: 1, params: 24, matrixParams: 16 };
    expect(probeApplies(table[3], { task: "classification", kind: "points2d" }, hidden)).toBe(true);
    expect(probeApplies(table[3], digits, hidden)).toBe(false);
  });
});
