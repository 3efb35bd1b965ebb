// Shapes of the REST and websocket messages (docs/protocol.md). Both come from schema.d.ts, which
// `npm run gen:api` generates from the server's OpenAPI schema (the stream's messages are published there too).
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

/** What a data set asks of the network; options such as `target: "input"` choose another task. */
export type Task = Schemas["TaskName"];

/** How a data set's examples look: 2-D points, small images, sequences or tokens. */
export type DatasetKind = Schemas["DatasetInfo"]["kind"];

export type LayerInfo = Narrow<Schemas["LayerInfo"], { params_schema: JsonSchema }>;

export type LayerCategory = Schemas["LayerCategory"];

export type DatasetInfo = Narrow<Schemas["DatasetInfo"], { options_schema: JsonSchema }>;

export type DatasetOptions = NonNullable<Schemas["DatasetSpec"]["options"]>;

export type DatasetRef = Required<Schemas["DatasetSpec"]>;

export type Points = Schemas["PointSet"];

export type ImagePreview = Schemas["ImagePreview"];

export type ImageSample = Schemas["ImageSample"];

/** Points sets (kind "points2d") carry `train`, `test` and `extent`; image sets (kind "images") `images`. */
export type DatasetPreview = Narrow<Schemas["DatasetPreview"], { extent?: [number, number, number, number] | null }>;

/** The 2-D view of a preview: its points and their extent. */
export type PointsPreview = {
  task: Task;
  train: Points;
  test: Points;
  extent: [number, number, number, number];
};

/** The preview's points when it has them (a 2-D set), else null (an image set). */
export function pointsOf(preview: DatasetPreview | null | undefined): PointsPreview | null {
  if (!preview || !preview.train || !preview.test || !preview.extent) return null;
  return { task: preview.task, train: preview.train, test: preview.test, extent: preview.extent };
}

export type SpecNode = Schemas["NodeSpec"];

export type SpecEdge = Schemas["EdgeSpec"];

export type GraphSpec = Schemas["GraphSpec"];

/** A 422 item; items about a typed expression also carry the 1-based column they point at. */
export type ErrorItem = Schemas["Issue"] & Partial<Pick<Schemas["ExpressionIssue"], "column">>;

export type NodeReport = Schemas["NodeReport"];

export type ValidationReport = Schemas["ValidationReport"];

export type TrainingSettings = Schemas["TrainingSettings"];

/** The whole workspace a shared URL or short link carries (docs/protocol.md, "Short links"). */
export type Workspace = Schemas["Workspace"] & Required<Pick<Schemas["Workspace"], "dataset" | "training">>;
export type Link = Narrow<Schemas["Link"], { workspace: Workspace }>;

export type Optimizer = TrainingSettings["optimizer"];

export type ExperimentStatus = Schemas["Status"];

export type MetricsRow = Schemas["Metrics"];

export type Experiment = Schemas["Experiment"];

export type ExperimentCreate = Schemas["ExperimentCreate"];

export type MetricsPage = Schemas["MetricsPage"];

export type Health = Schemas["Health"];

// Websocket text messages and the binary frame header.
export type HelloMessage = Schemas["HelloMessage"];
export type StatusMessage = Schemas["StatusMessage"];
export type MetricsMessage = Schemas["MetricsMessage"];
export type SettingsMessage = Schemas["SettingsMessage"];
export type WarningsMessage = Schemas["WarningsMessage"];
/** The server refused a watch (unknown node, a probe that does not apply, ...); nothing changed. */
export type WatchErrorMessage = Schemas["WatchErrorMessage"];
export type StreamMessage = Schemas["StreamMessage"];
// The schema's header is open (probes add fields); its index signature is dropped before omitting a field, since
// Omit over an index signature turns every known field into unknown.
type KnownKeys<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/**
 * A binary frame's header as the server declares it; the decoder also reads float16/float32 data and keeps the
 * keys a probe adds (e.g. `probe`, `node`).
 */
export type FrameHeader = Omit<KnownKeys<Schemas["FrameHeader"]>, "dtype"> & {
  dtype: "uint8" | "float16" | "float32";
  [key: string]: unknown;
};

// Training controls: optimizer / schedule registries, live settings, compare and race.
export type RegistryEntry = Narrow<Schemas["CatalogEntry"], { params_schema: JsonSchema }>;
export type ScheduleName = TrainingSettings["schedule"];
/** An initialisation: the scheme and the one parameter it uses (the generated type lists them all). */
export type InitSpec = Partial<Schemas["InitSpec"]> & Pick<Schemas["InitSpec"], "scheme">;
export type SettingsChange = Schemas["SettingsChange"];
/** One live change: the step it took effect after and what changed. */
export type HistoryEntry = Schemas["HistoryEntry"];
export type Comparison = Schemas["Comparison"];
export type RaceCreate = Schemas["RaceCreate"];
export type RaceResult = Schemas["RaceResult"];

/**
 * Whether a run in each status can still train (and stream) or has ended. Keyed by the generated status
 * enum, so a status the server adds breaks the build until it is placed here.
 */
const STATUS_ENDED: Readonly<Record<ExperimentStatus, boolean>> = {
  created: false,
  queued: false,
  running: false,
  paused: false,
  finished: true,
  stopped: true,
  failed: true,
  interrupted: true,
};

export function isActive(status: ExperimentStatus | null | undefined): boolean {
  return status != null && !STATUS_ENDED[status];
}

/** An end state: nothing more will stream (an interrupted run continues only when resumed). */
export function isEnded(status: ExperimentStatus | null | undefined): boolean {
  return status != null && STATUS_ENDED[status];
}

// GET /api/templates. The graph is typed loosely in OpenAPI; it is a graph spec.
export type TemplateInput = Schemas["TemplateInput"];
export type TemplateTask = Schemas["TemplateTask"];
export type TemplateDataset = Schemas["TemplateDataset"];
export type Template = Narrow<Schemas["TemplateInfo"], { graph: GraphSpec }>;

// GET /api/tasks: what each task trains with (training.loss; the first loss is the default) and reports.
export type TaskInfo = Schemas["TaskInfo"];
export type TablePreview = Schemas["TablePreview"];
export type TokenPreview = Schemas["TokenPreview"];
export type SequencePreview = Schemas["SequencePreview"];

// GET /api/probes (docs/protocol.md, "Watching probes"). `null` in applies_to means anything.
export type ProbeInfo = Narrow<Schemas["ProbeInfo"], { options_schema: JsonSchema }>;

// The backprop explorer (POST /api/explorer/parse and /backprop).
export type ParsedExpression = Schemas["ParsedExpression"];
export type BackpropResult = Schemas["BackpropResult"];
export type ExpressionNode = Schemas["ExpressionNode"];
export type ExpressionEdge = Schemas["ExpressionEdge"];

export type LessonSummary = Schemas["LessonSummary"];

export type LessonView = Schemas["LessonView"];

export type LessonStep = Schemas["StepView"];

export type ExplainerInfo = Narrow<Schemas["ExplainerInfo"], { input_schema: JsonSchema }>;
