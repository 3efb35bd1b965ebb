import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../api/types";
import { fieldsFromSchema, parseFieldInput, prefersSlider, resolveSchema, schemaDefaults } from "./schemaForm";

// The shapes pydantic v2 writes for typical layer and dataset parameters.
const linear: JsonSchema = {
  title: "LinearParams",
  type: "object",
  additionalProperties: false,
  properties: {
    out_features: {
      type: "integer",
      minimum: 1,
      maximum: 4096,
      default: 8,
      title: "Out Features",
      description: "Units.",
    },
    bias: { type: "boolean", default: true, title: "Bias" },
    init: { $ref: "#/$defs/Init", default: "kaiming" },
    dropout: { anyOf: [{ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, { type: "null" }], default: null },
    mode: { enum: ["a", "b"], type: "string", default: "a" },
    act: { anyOf: [{ const: "relu" }, { const: "tanh" }], default: "relu" },
  },
  $defs: { Init: { enum: ["kaiming", "xavier"], title: "Init", type: "string" } },
} as JsonSchema;

const datasetOptions: JsonSchema = {
  type: "object",
  properties: {
    size: { type: "integer", minimum: 10, maximum: 2000, default: 500 },
    noise: { type: "number", minimum: 0, maximum: 50, default: 0 },
    test_ratio: { type: "number", minimum: 0.1, maximum: 0.9, default: 0.5, title: "Test ratio" },
    features: {
      type: "array",
      items: { enum: ["x1", "x2", "x1^2"], type: "string" },
      default: ["x1", "x2"],
    },
  },
  required: ["size"],
};

describe("fieldsFromSchema", () => {
  const fields = fieldsFromSchema(linear);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

  it("keeps declaration order", () => {
    expect(fields.map((f) => f.name)).toEqual(["out_features", "bias", "init", "dropout", "mode", "act"]);
  });

  it("maps integers with bounds, title and help", () => {
    expect(byName.out_features).toMatchObject({
      kind: "number",
      integer: true,
      min: 1,
      max: 4096,
      step: 1,
      label: "Out Features",
      description: "Units.",
      defaultValue: 8,
      nullable: false,
    });
  });

  it("maps booleans to checkboxes", () => {
    expect(byName.bias).toMatchObject({ kind: "checkbox", defaultValue: true });
  });

  it("follows $ref to enums, keeping the property's default", () => {
    expect(byName.init).toMatchObject({
      kind: "select",
      options: ["kaiming", "xavier"],
      defaultValue: "kaiming",
      label: "Init",
    });
  });

  it("folds nullable unions and exclusive bounds", () => {
    expect(byName.dropout).toMatchObject({
      kind: "number",
      integer: false,
      nullable: true,
      min: 0,
      max: 1,
      step: "any",
    });
    expect(byName.dropout.label).toBe("Dropout");
  });

  it("maps plain enums and unions of constants to selects", () => {
    expect(byName.mode).toMatchObject({ kind: "select", options: ["a", "b"] });
    expect(byName.act).toMatchObject({ kind: "select", options: ["relu", "tanh"] });
  });

  it("maps arrays of enums to multi-selects and marks required fields", () => {
    const opts = Object.fromEntries(fieldsFromSchema(datasetOptions).map((f) => [f.name, f]));
    expect(opts.features).toMatchObject({
      kind: "multiselect",
      options: ["x1", "x2", "x1^2"],
      defaultValue: ["x1", "x2"],
    });
    expect(opts.size.required).toBe(true);
    expect(opts.noise.required).toBe(false);
  });

  it("returns nothing for a missing schema", () => {
    expect(fieldsFromSchema(undefined)).toEqual([]);
    expect(fieldsFromSchema({ type: "object", properties: {} })).toEqual([]);
  });
});

describe("helpers", () => {
  it("collects defaults", () => {
    expect(schemaDefaults(datasetOptions)).toEqual({ size: 500, noise: 0, test_ratio: 0.5, features: ["x1", "x2"] });
  });

  it("prefers sliders for bounded real or small integer ranges", () => {
    const opts = Object.fromEntries(fieldsFromSchema(datasetOptions).map((f) => [f.name, f]));
    expect(prefersSlider(opts.noise)).toBe(true);
    expect(prefersSlider(opts.test_ratio)).toBe(true);
    expect(prefersSlider(opts.size)).toBe(false);
  });

  it("parses user input, keeping out-of-range numbers for the server to explain", () => {
    const fields = Object.fromEntries(fieldsFromSchema(linear).map((f) => [f.name, f]));
    expect(parseFieldInput(fields.out_features, "16")).toBe(16);
    expect(parseFieldInput(fields.out_features, "0")).toBe(0);
    expect(parseFieldInput(fields.out_features, "")).toBeUndefined();
    expect(parseFieldInput(fields.dropout, "")).toBeNull();
    expect(parseFieldInput(fields.mode, "b")).toBe("b");
  });

  it("gives select values back with their schema type", () => {
    const numeric = fieldsFromSchema({ type: "object", properties: { k: { enum: [1, 3, 5], type: "integer" } } })[0];
    expect(parseFieldInput(numeric, "3")).toBe(3);
  });

  it("resolves a single-member allOf", () => {
    const root: JsonSchema = { $defs: { E: { enum: ["x"] } } };
    expect(resolveSchema({ allOf: [{ $ref: "#/$defs/E" }], description: "d" }, root).schema).toMatchObject({
      enum: ["x"],
      description: "d",
    });
  });
});

describe("unions and lists", () => {
  const conv: JsonSchema = {
    type: "object",
    properties: {
      padding: {
        anyOf: [
          { type: "integer", minimum: 0, maximum: 32 },
          { const: "same", type: "string" },
        ],
        default: 0,
      },
      stride: { anyOf: [{ type: "integer", minimum: 1, maximum: 16 }, { type: "null" }], default: null },
      shape: { type: "array", items: { type: "integer" }, default: [1] },
    },
  };
  const byName = Object.fromEntries(fieldsFromSchema(conv).map((f) => [f.name, f]));

  it("maps a number-or-word union to numberOrChoice with the numeric bounds", () => {
    expect(byName.padding).toMatchObject({ kind: "numberOrChoice", options: ["same"], min: 0, max: 32, integer: true });
    expect(parseFieldInput(byName.padding, "3")).toBe(3);
    expect(parseFieldInput(byName.padding, "same")).toBe("same");
  });

  it("keeps nullable integers as numbers", () => {
    expect(byName.stride).toMatchObject({ kind: "number", nullable: true, min: 1, max: 16 });
    expect(parseFieldInput(byName.stride, "")).toBeNull();
  });

  it("parses lists of numbers", () => {
    expect(byName.shape).toMatchObject({ kind: "list", integer: true });
    expect(parseFieldInput(byName.shape, "2, 4 4")).toEqual([2, 4, 4]);
    expect(parseFieldInput(byName.shape, "2, x")).toBe("2, x");
  });
});
