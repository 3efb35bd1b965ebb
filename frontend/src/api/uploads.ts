// Uploads: sent with XMLHttpRequest, whose upload events give the progress bar (fetch has no upload progress).
import { toApiError, ApiError } from "./client";
import { currentLanguage } from "../i18n";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type UploadInfo = Schemas["UploadInfo"];
export type UploadDetail = Schemas["UploadDetail"];
export type UploadList = Schemas["UploadList"];
export type UploadIssue = Schemas["UploadIssue"];
export type UploadKindName = UploadInfo["kind"];

/** An upload's problem as one line: where (file, row, column) is already in the server's sentence. */
export function issueText(issue: UploadIssue): string {
  return issue.message;
}

/** The issues of a refused upload (422/413/409 answer `detail: UploadIssue[]`). */
export function uploadIssues(body: unknown): UploadIssue[] {
  const detail = typeof body === "object" && body !== null && "detail" in body ? body.detail : undefined;
  if (!Array.isArray(detail)) return [];
  return detail
    .filter((d): d is UploadIssue => typeof d === "object" && d !== null && "message" in d)
    .map((d) => ({ ...d, message: String(d.message) }));
}

export class UploadError extends ApiError {
  readonly issues: UploadIssue[];

  constructor(status: number, message: string, issues: UploadIssue[]) {
    super(status, message);
    this.name = "UploadError";
    this.issues = issues;
  }
}

export type UploadRequest = { file: File; kind: UploadKindName; options: Record<string, unknown> };

/** POST /api/uploads; `onProgress` gets the share of the file sent, 0..1. */
export function sendUpload(req: UploadRequest, onProgress: (share: number) => void): Promise<UploadInfo> {
  const form = new FormData();
  form.append("kind", req.kind);
  form.append("options", JSON.stringify(req.options));
  form.append("file", req.file, req.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.responseType = "text";
    xhr.setRequestHeader("Accept-Language", currentLanguage()); // the refusal's row and column, in the UI's words
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new UploadError(0, "network error", []));
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) {
        onProgress(1);
        resolve(body as UploadInfo);
        return;
      }
      const issues = uploadIssues(body);
      const fallback = toApiError(xhr.status, body, `${xhr.status} ${xhr.statusText}`).message;
      reject(new UploadError(xhr.status, issues.map(issueText).join("\n") || fallback, issues));
    };
    xhr.send(form);
  });
}

async function json<T>(method: string, path: string): Promise<T> {
  const response = await fetch(path, { method, headers: { "Accept-Language": currentLanguage() } });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body, `${response.status} ${response.statusText}`);
  return body as T;
}

export const uploadsApi = {
  list: () => json<UploadList>("GET", "/api/uploads"),
  get: (id: string) => json<UploadDetail>("GET", `/api/uploads/${encodeURIComponent(id)}`),
  remove: (id: string) => json<void>("DELETE", `/api/uploads/${encodeURIComponent(id)}`),
};
