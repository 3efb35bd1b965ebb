// Shapes of the REST and websocket messages (docs/protocol.md). REST types come from schema.d.ts, which
// `npm run gen:api` generates from the server's OpenAPI schema; the websocket messages are not in OpenAPI.
import type { components } from "./schema";

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
};

type Schemas = components["schemas"];

/**
 * A generated type with some fields narrowed (the OpenAPI schema says `string` where the protocol promises
 * an enum, or `object` where it holds a JSON Schema). Every narrowed key must exist in the generated type and
 * the new type must fit the old one, so a contract change still breaks the build.
 */
type Narrow<T, Patch extends { [K in keyof Patch]: K extends keyof T ? T[K] : never }> = Omit<T, keyof Patch> & Patch;

export type Task = "classification" | "regression";

export type LayerInfo = Narrow<Schemas["LayerInfo"], { params_schema: JsonSchema }>;

export type DatasetInfo = Narrow<Schemas["DatasetInfo"], { task: Task; options_schema: JsonSchema }>;

export type DatasetOptions = NonNullable<Schemas["DatasetSpec"]["options"]>;

export type DatasetRef = Required<Schemas["DatasetSpec"]>;

export type Points = Schemas["PointSet"];

export type DatasetPreview = Narrow<
  Schemas["DatasetPreview"],
  { task: Task; extent: [number, number, number, number] }
>;

export type SpecNode = Schemas["NodeSpec"];

export type SpecEdge = Schemas["EdgeSpec"];

export type GraphSpec = Schemas["GraphSpec"];

export type ErrorItem = Schemas["Issue"];

export type NodeReport = Schemas["NodeReport"];

export type ValidationReport = Schemas["ValidationReport"];

export type TrainingSettings = Schemas["TrainingSettings"];

export type Optimizer = TrainingSettings["optimizer"];

export type ExperimentStatus =
  "created" | "queued" | "running" | "paused" | "finished" | "stopped" | "failed" | "interrupted";

export type MetricsRow = Schemas["Metrics"];

export type Experiment = Narrow<Schemas["Experiment"], { status: ExperimentStatus }>;

export type ExperimentCreate = Schemas["ExperimentCreate"];

export type MetricsPage = Schemas["MetricsPage"];

export type Health = Schemas["Health"];

// Websocket text messages.
export type HelloMessage = { type: "hello"; seq: number; experiment: Experiment };
export type StatusMessage = {
  type: "status";
  seq: number;
  status: ExperimentStatus;
  queue_position: number | null;
  error: string | null;
  device: string | null;
};
export type MetricsMessage = { type: "metrics"; seq: number; rows: MetricsRow[] };
export type ErrorMessage = { type: "error"; seq: number; message: string };
export type StreamMessage = HelloMessage | StatusMessage | MetricsMessage | ErrorMessage;

export const ACTIVE_STATUSES: readonly ExperimentStatus[] = ["created", "queued", "running", "paused"];

export function isActive(status: ExperimentStatus | null | undefined): boolean {
  return status != null && ACTIVE_STATUSES.includes(status);
}
