// The workspace in a URL, like TensorFlow Playground's: JSON compressed by lz-string into the fragment (#s=…),
// which never reaches the server, so its length meets no request-line limit. A short link is `/s/<id>`, which the
// server redirects to `?link=<id>`. Teacher options travel in the query (`present=1`, `hide=a,b`) of either.
// Decoding checks the shape the editor needs and refuses the rest with a named problem; the server checks the
// graph and data set again when they are loaded.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import type { Workspace } from "../api/types";
import { type ParseProblem, graphProblem, isRecord } from "./graphFile";

export const WORKSPACE_VERSION = 1;
const STATE_KEY = "s";
const LINK_KEY = "link";
const LINK_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** Panels a workspace can have open (the server's `OpenView`): the list the decoder accepts. */
export const OPEN_VIEWS = ["training", "explorer"] as const satisfies readonly NonNullable<
  Workspace["views"]
>[number][];

/** What a teacher can hide with `hide=`: each name is one part of the page (styles.css hides it). */
export const HIDEABLE = [
  "palette",
  "toolbar",
  "inspector",
  "data",
  "output",
  "settings",
  "training",
  "controls",
  "lessons",
  "explorer",
  "share",
] as const;
export type Hideable = (typeof HIDEABLE)[number];

export type TeacherOptions = { present: boolean; hide: Hideable[] };

export type DecodeProblem = "empty" | "corrupt" | "version" | "shape" | ParseProblem;
export type Decoded = { ok: true; workspace: Workspace } | { ok: false; problem: DecodeProblem; detail?: string };

/** What the address asks for: a workspace in the fragment, a short link's id, the teacher options. */
export type ShareRequest = {
  state: string | null;
  link: string | null;
  options: TeacherOptions;
  /** `hide=` names that are not parts of the page, for the message that says so. */
  unknownHidden: string[];
};

export function encodeWorkspace(workspace: Workspace): string {
  return compressToEncodedURIComponent(JSON.stringify(workspace));
}

const isInteger = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isOptional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || v === null || check(v);

/** The first field that does not have the shape the editor reads, or null. */
function shapeProblem(value: Record<string, unknown>): string | null {
  const { dataset, training, lesson, views } = value;
  if (!isRecord(dataset) || typeof dataset.name !== "string" || !isOptional(dataset.options, isRecord)) {
    return "dataset";
  }
  if (!isRecord(training)) return "training";
  if (!isOptional(lesson, (l) => isRecord(l) && typeof l.id === "string" && isInteger(l.step))) return "lesson";
  const known: readonly string[] = OPEN_VIEWS;
  if (!isOptional(views, (v) => Array.isArray(v) && v.every((x) => typeof x === "string" && known.includes(x)))) {
    return "views";
  }
  if (!isOptional(value.selected, (s) => typeof s === "string")) return "selected";
  for (const flag of ["show_test_data", "discretize"] as const) {
    if (!isOptional(value[flag], (b) => typeof b === "boolean")) return flag;
  }
  return null;
}

export function decodeWorkspace(text: string): Decoded {
  if (!text) return { ok: false, problem: "empty" };
  let value: unknown;
  try {
    const json = decompressFromEncodedURIComponent(text);
    if (!json) return { ok: false, problem: "corrupt" };
    value = JSON.parse(json);
  } catch {
    // lz-string turns a cut or mistyped address into nothing or into text that is not JSON
    return { ok: false, problem: "corrupt" };
  }
  if (!isRecord(value)) return { ok: false, problem: "corrupt" };
  if (value.version !== WORKSPACE_VERSION) return { ok: false, problem: "version", detail: String(value.version) };
  const graph = graphProblem(value.graph);
  if (graph) return { ok: false, ...graph };
  const field = shapeProblem(value);
  if (field) return { ok: false, problem: "shape", detail: field };
  return { ok: true, workspace: value as Workspace };
}

/**
 * Training settings keeping only the keys the editor knows, each of the type its default has (null where the
 * default may be unset), so a hand-edited URL cannot put a value the forms cannot show.
 */
export function knownTraining<T extends Record<string, unknown>>(
  given: Record<string, unknown>,
  defaults: T,
): Partial<T> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!(key in defaults)) continue;
    const base = defaults[key];
    const fits = value === null || base === null || base === undefined || typeof value === typeof base;
    const sameKind = Array.isArray(value) === Array.isArray(base) || base === null || base === undefined;
    if (fits && sameKind && !(typeof value === "number" && !Number.isFinite(value))) kept[key] = value;
  }
  return kept as Partial<T>;
}

/** The fragment's `s=` value. Read by hand: lz-string's alphabet has `+`, which URLSearchParams turns to a space. */
function fragmentState(hash: string): string | null {
  const part = hash
    .replace(/^#/, "")
    .split("&")
    .find((p) => p.startsWith(`${STATE_KEY}=`));
  return part === undefined ? null : part.slice(STATE_KEY.length + 1);
}

export function readShareRequest(url: URL): ShareRequest {
  const query = url.searchParams;
  const names = (query.get("hide") ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const hideable: readonly string[] = HIDEABLE;
  const link = query.get(LINK_KEY);
  return {
    state: fragmentState(url.hash),
    link: link !== null && LINK_ID.test(link) ? link : link === null ? null : "",
    options: {
      present: ["1", "true", "yes"].includes(query.get("present") ?? ""),
      hide: [...new Set(names.filter((n): n is Hideable => hideable.includes(n)))],
    },
    unknownHidden: names.filter((n) => !hideable.includes(n)),
  };
}

function optionsQuery(options: TeacherOptions): string {
  const params: string[] = [];
  if (options.present) params.push("present=1");
  if (options.hide.length) params.push(`hide=${options.hide.join(",")}`);
  return params.length ? `?${params.join("&")}` : "";
}

/** The long URL: the page's address with the teacher options and the whole workspace. */
export function workspaceUrl(page: string, workspace: Workspace, options: TeacherOptions): string {
  return `${page}${optionsQuery(options)}#${STATE_KEY}=${encodeWorkspace(workspace)}`;
}

/** The short URL of a stored link. */
export function shortUrl(origin: string, id: string, options: TeacherOptions): string {
  return `${origin}/s/${encodeURIComponent(id)}${optionsQuery(options)}`;
}

/** The address once a shared workspace is applied: no state or link (a reload keeps the student's edits), the
 * teacher options kept. */
export function addressAfterOpening(url: URL): string {
  const query = new URLSearchParams(url.search);
  query.delete(LINK_KEY);
  const rest = url.hash
    .replace(/^#/, "")
    .split("&")
    .filter((p) => p && !p.startsWith(`${STATE_KEY}=`));
  const search = query.toString();
  return `${url.pathname}${search ? `?${search.replace(/%2C/g, ",")}` : ""}${rest.length ? `#${rest.join("&")}` : ""}`;
}
