// Shapes of the REST and websocket messages, as described in docs/protocol.md.
// Hand-written until the backend's OpenAPI schema is generated into schema.d.ts.

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

export type LayerInfo = {
  type: string;
  category: string;
  title: string;
  description: string;
  ports: string[];
  params_schema: JsonSchema;
};

export type Task = "classification" | "regression";

export type DatasetInfo = {
  name: string;
  title: string;
  task: Task;
  num_classes: number | null;
  kind: string;
  description: string;
  options_schema: JsonSchema;
};

export type DatasetOptions = Record<string, unknown>;

export type DatasetRef = { name: string; options: DatasetOptions };

export type Points = { x: number[][]; y: number[] };

export type DatasetPreview = {
  train: Points;
  test: Points;
  extent: [number, number, number, number];
  task: Task;
  num_classes: number | null;
};

export type SpecNode = {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  position?: { x: number; y: number };
};

export type SpecEdge = { source: string; target: string; target_port?: string };

export type GraphSpec = { nodes: SpecNode[]; edges: SpecEdge[]; output?: string };

export type ErrorItem = { node: string | null; field: string | null; message: string };

export type NodeReport = { output_shape: number[]; params: number };

export type ValidationReport = {
  valid: boolean;
  errors: ErrorItem[];
  nodes: Record<string, NodeReport>;
  total_params: number | null;
  input_shape: number[] | null;
  output_shape: number[] | null;
};

export type Optimizer = "sgd" | "adam";

export type TrainingSettings = {
  optimizer: Optimizer;
  lr: number;
  momentum: number;
  batch_size: number;
  epochs: number;
  l1: number;
  l2: number;
  seed: number;
  device: string;
};

export type ExperimentStatus =
  | "created"
  | "queued"
  | "running"
  | "paused"
  | "finished"
  | "stopped"
  | "failed"
  | "interrupted";

export type MetricsRow = {
  step: number;
  epoch: number;
  train_loss: number;
  test_loss: number | null;
  accuracy: number | null;
};

export type Experiment = {
  id: string;
  name: string;
  status: ExperimentStatus;
  created_at: string;
  updated_at: string;
  graph?: GraphSpec;
  dataset: DatasetRef;
  training: TrainingSettings;
  total_params: number;
  step: number;
  epoch: number;
  last_metrics: MetricsRow | null;
  error: string | null;
  queue_position: number | null;
  device: string | null;
};

export type ExperimentCreate = {
  name?: string;
  graph: GraphSpec;
  dataset: DatasetRef;
  training: Partial<TrainingSettings>;
};

export type MetricsPage = { rows: MetricsRow[] };

export type Health = { status: string; version: string; device: string; workers: number };

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
