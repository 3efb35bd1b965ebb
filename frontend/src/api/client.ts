// Typed REST client. Same-origin fetch sends the session cookie by default, which is all the server needs.
import type {
  BackpropResult,
  DatasetInfo,
  DatasetOptions,
  DatasetPreview,
  DatasetRef,
  ErrorItem,
  Experiment,
  ExperimentCreate,
  GraphSpec,
  LayerCategory,
  LayerInfo,
  Link,
  MetricsPage,
  ProbeInfo,
  ParsedExpression,
  Comparison,
  RaceCreate,
  RaceResult,
  RegistryEntry,
  SettingsChange,
  TaskInfo,
  Template,
  LessonSummary,
  LessonView,
  ExplainerInfo,
  ValidationReport,
  Workspace,
} from "./types";
import { currentLanguage } from "../i18n";

/** An error answered by the API, with the 422 items kept so the editor can point at the guilty node. */
export class ApiError extends Error {
  readonly status: number;
  readonly items: ErrorItem[];

  constructor(status: number, message: string, items: ErrorItem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.items = items;
  }
}

function isErrorItem(value: unknown): value is ErrorItem {
  return typeof value === "object" && value !== null && "message" in value;
}

/** Turns any error body into an ApiError; FastAPI's `detail` is a string or a list of items. */
export function toApiError(status: number, body: unknown, fallback: string): ApiError {
  const detail = typeof body === "object" && body !== null && "detail" in body ? body.detail : undefined;
  if (typeof detail === "string") return new ApiError(status, detail);
  if (Array.isArray(detail)) {
    const items: ErrorItem[] = detail.filter(isErrorItem).map((d) => ({
      node: typeof d.node === "string" ? d.node : null,
      field: typeof d.field === "string" ? d.field : null,
      message: String(d.message),
      ...("column" in d && typeof d.column === "number" ? { column: d.column } : {}),
    }));
    const message = items.map((i) => (i.node ? `${i.node}: ${i.message}` : i.message)).join("\n");
    return new ApiError(status, message || fallback, items);
  }
  return new ApiError(status, fallback);
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        "Accept-Language": currentLanguage(),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) throw toApiError(response.status, parsed, `${response.status} ${response.statusText}`);
  return parsed as T;
}

export type ExperimentAction = "start" | "pause" | "resume" | "step" | "stop";

const exp = (id: string) => `/api/experiments/${encodeURIComponent(id)}`;

export const api = {
  layers: () => request<LayerInfo[]>("GET", "/api/layers"),
  layerCategories: () => request<LayerCategory[]>("GET", "/api/layers/categories"),
  templates: () => request<Template[]>("GET", "/api/templates"),
  datasets: () => request<DatasetInfo[]>("GET", "/api/datasets"),
  preview: (name: string, options: DatasetOptions) =>
    request<DatasetPreview>("POST", `/api/datasets/${encodeURIComponent(name)}/preview`, options),
  validate: (graph: GraphSpec, dataset: DatasetRef) =>
    request<ValidationReport>("POST", "/api/specs/validate", { graph, dataset }),
  createExperiment: (body: ExperimentCreate) => request<Experiment>("POST", "/api/experiments", body),
  experiment: (id: string) => request<Experiment>("GET", `/api/experiments/${encodeURIComponent(id)}`),
  action: (id: string, action: ExperimentAction) =>
    request<Experiment>("POST", `/api/experiments/${encodeURIComponent(id)}/${action}`),
  metrics: (id: string, afterStep: number) =>
    request<MetricsPage>("GET", `/api/experiments/${encodeURIComponent(id)}/metrics?after_step=${afterStep}`),
  optimizers: () => request<RegistryEntry[]>("GET", "/api/optimizers"),
  schedules: () => request<RegistryEntry[]>("GET", "/api/schedules"),
  tasks: () => request<TaskInfo[]>("GET", "/api/tasks"),
  experiments: () => request<Experiment[]>("GET", "/api/experiments"),
  patchSettings: (id: string, changes: SettingsChange) => request<Experiment>("PATCH", `${exp(id)}/settings`, changes),
  compare: (ids: string[], maxPoints = 500) =>
    request<Comparison>(
      "GET",
      `/api/experiments/compare?ids=${ids.map(encodeURIComponent).join(",")}&max_points=${maxPoints}`,
    ),
  race: (body: RaceCreate) => request<RaceResult>("POST", "/api/experiments/race", body),
  probes: () => request<ProbeInfo[]>("GET", "/api/probes"),
  parseExpression: (expression: string) => request<ParsedExpression>("POST", "/api/explorer/parse", { expression }),
  backprop: (expression: string, values: Record<string, number>) =>
    request<BackpropResult>("POST", "/api/explorer/backprop", { expression, values }),
  lessons: (lang: string) => request<LessonSummary[]>("GET", `/api/lessons?lang=${lang}`),
  lesson: (id: string, lang: string) =>
    request<LessonView>("GET", `/api/lessons/${encodeURIComponent(id)}?lang=${lang}`),
  createLink: (workspace: Workspace) => request<Link>("POST", "/api/links", workspace),
  link: (id: string) => request<Link>("GET", `/api/links/${encodeURIComponent(id)}`),
  explainers: (lang: string) => request<ExplainerInfo[]>("GET", `/api/explainers?lang=${lang}`),
  explain: (name: string, body: Record<string, unknown>) =>
    request<Record<string, unknown>>("POST", `/api/explainers/${encodeURIComponent(name)}`, body),
};
