// Maps a JSON Schema (as pydantic writes it) to the form fields the inspector and data panel render,
// so a new layer or dataset option needs no frontend code.
import type { JsonSchema } from "../api/types";

/**
 * `numberOrChoice`: a number or one of a few words (e.g. padding: 2 or "same"); `list`: a list of numbers
 * (e.g. a shape), typed as "2, 4, 4".
 */
export type FieldKind = "number" | "select" | "checkbox" | "multiselect" | "numberOrChoice" | "list" | "text";

export type FieldSpec = {
  name: string;
  label: string;
  description: string | null;
  kind: FieldKind;
  integer: boolean;
  min: number | null;
  max: number | null;
  /** Step for number inputs: 1 for integers, else the schema's multipleOf or "any". */
  step: number | "any";
  options: unknown[];
  defaultValue: unknown;
  /** The schema allows null (pydantic's `X | None`). */
  nullable: boolean;
  required: boolean;
};

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return {};
  const defs = match[1] === "$defs" ? root.$defs : root.definitions;
  return defs?.[decodeURIComponent(match[2])] ?? {};
}

/** Follows $ref and single-member allOf, and folds `anyOf: [X, {type: null}]` into X plus a nullable flag. */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  let current: JsonSchema = schema;
  let nullable = false;
  for (let depth = 0; depth < 8; depth++) {
    if (current.$ref) {
      const { $ref, ...rest } = current;
      current = { ...resolveRef($ref, root), ...rest };
      continue;
    }
    if (current.allOf && current.allOf.length === 1) {
      const { allOf, ...rest } = current;
      current = { ...allOf[0], ...rest };
      continue;
    }
    const union = current.anyOf ?? current.oneOf;
    if (union) {
      const nonNull = union.filter((s) => s.type !== "null");
      if (nonNull.length < union.length) nullable = true;
      if (nonNull.length === 1) {
        const { anyOf: _a, oneOf: _o, ...rest } = current;
        current = { ...nonNull[0], ...rest };
        continue;
      }
      // A union of constants is an enum.
      if (nonNull.length > 1 && nonNull.every((s) => "const" in s || s.enum)) {
        const { anyOf: _a, oneOf: _o, ...rest } = current;
        current = { ...rest, enum: nonNull.flatMap((s) => s.enum ?? [s.const]) };
        continue;
      }
    }
    if (Array.isArray(current.type)) {
      const types = current.type.filter((t) => t !== "null");
      if (types.length < current.type.length) nullable = true;
      current = { ...current, type: types.length === 1 ? types[0] : types };
    }
    break;
  }
  if ("const" in current && !current.enum) current = { ...current, enum: [current.const] };
  return { schema: current, nullable };
}

function humanize(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldFromSchema(name: string, property: JsonSchema, root: JsonSchema): FieldSpec {
  const { schema, nullable } = resolveSchema(property, root);
  const type = typeof schema.type === "string" ? schema.type : undefined;
  const integer = type === "integer";
  let kind: FieldKind = "text";
  let options: unknown[] = [];
  if (schema.enum) {
    kind = "select";
    options = schema.enum;
  } else if (type === "boolean") {
    kind = "checkbox";
  } else if (type === "number" || type === "integer") {
    kind = "number";
  } else if (type === "array" && schema.items) {
    const items = resolveSchema(schema.items, root).schema;
    if (items.enum) {
      kind = "multiselect";
      options = items.enum;
    }
  }
  let bounds: JsonSchema = schema;
  let isInteger = integer;
  // A number or a few words: the numeric member gives the bounds, the constants the choices.
  const union = schema.anyOf ?? schema.oneOf;
  if (kind === "text" && union) {
    const members = union.map((m) => resolveSchema(m, root).schema);
    const numeric = members.find((m) => m.type === "integer" || m.type === "number");
    const words = members.flatMap((m) => m.enum ?? []);
    if (numeric && words.length + 1 === members.length) {
      kind = "numberOrChoice";
      options = words;
      bounds = numeric;
      isInteger = numeric.type === "integer";
    }
  }
  if (kind === "text" && type === "array" && schema.items) {
    const items = resolveSchema(schema.items, root).schema;
    if (items.type === "integer" || items.type === "number") {
      kind = "list";
      isInteger = items.type === "integer";
    }
  }
  const min = bounds.minimum ?? bounds.exclusiveMinimum ?? null;
  const max = bounds.maximum ?? bounds.exclusiveMaximum ?? null;
  const step: number | "any" = isInteger ? 1 : (bounds.multipleOf ?? "any");
  return {
    name,
    label: schema.title ?? property.title ?? humanize(name),
    description: schema.description ?? property.description ?? null,
    kind,
    integer: isInteger,
    min,
    max,
    step,
    options,
    defaultValue: schema.default ?? property.default,
    nullable,
    required: (root.required ?? []).includes(name),
  };
}

/** Every property of an object schema, in declaration order. */
export function fieldsFromSchema(root: JsonSchema | null | undefined): FieldSpec[] {
  if (!root) return [];
  const resolved = resolveSchema(root, root).schema;
  const properties = resolved.properties ?? {};
  return Object.entries(properties).map(([name, prop]) => fieldFromSchema(name, prop, root));
}

/** Default values of every field that declares one. */
export function schemaDefaults(root: JsonSchema | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsFromSchema(root)) {
    if (field.defaultValue !== undefined) out[field.name] = field.defaultValue;
  }
  return out;
}

/**
 * Converts what the user typed into the value to send. Empty means "use the default" (undefined), or null
 * where the schema allows it. Out-of-range numbers are kept on purpose: the server explains what is wrong.
 */
export function parseFieldInput(field: FieldSpec, raw: string): unknown {
  const text = raw.trim();
  if (field.kind === "number") {
    if (text === "") return field.nullable ? null : undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  if (field.kind === "select") {
    if (text === "" && field.nullable) return null;
    // The <select> holds strings; give back the enum member with that spelling, keeping its type.
    const match = field.options.find((option) => String(option) === raw);
    return match === undefined ? raw : match;
  }
  if (field.kind === "numberOrChoice") {
    if (text === "") return field.nullable ? null : undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  if (field.kind === "list") {
    if (text === "") return field.nullable ? null : [];
    const items = text.split(/[\s,;]+/).filter(Boolean);
    const numbers = items.map(Number);
    // Something that is not a number goes to the server as typed, which then explains the problem.
    return numbers.every(Number.isFinite) ? numbers : raw;
  }
  if (field.kind === "text" && text === "" && field.nullable) return null;
  return raw;
}

/** How a value appears in a text box (lists as "2, 4, 4"). */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** Where a slider fits better than a text box: a bounded, non-integer or small integer range. */
export function prefersSlider(field: FieldSpec): boolean {
  if (field.kind !== "number" || field.min === null || field.max === null) return false;
  return !field.integer || field.max - field.min <= 100;
}
