// Downloads an export of the network: from the experiment that trained what the editor shows (its trained weights
// included), else from the editor's unsaved graph (POST /api/specs/export: code only, no weights).
import { toApiError } from "../../api/client";
import { runFingerprint, toSpec } from "../../lib/graphSpec";
import { trainingForNodes } from "../../lib/training";
import { useEditor } from "../../state/editor";
import { useRun } from "../../state/run";

/** The server's export formats (GET /api/experiments/{id}/export?format=…). */
export const EXPORT_FORMATS = ["torch", "script", "onnx", "safetensors"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Formats that need a run's trained weights. */
export const NEEDS_WEIGHTS: readonly ExportFormat[] = ["safetensors"];

/** The experiment whose graph, data set and settings are exactly what the editor shows, if any. */
export function exportedExperiment(): string | null {
  const { experimentId, fingerprint } = useRun.getState();
  const { nodes, edges, dataset, training } = useEditor.getState();
  const current = runFingerprint(toSpec(nodes, edges, false), dataset, training);
  return experimentId !== null && fingerprint === current ? experimentId : null;
}

function editorSpec(): unknown {
  const { nodes, edges, dataset, training } = useEditor.getState();
  const graph = toSpec(nodes, edges, true);
  const ids = graph.nodes.map((n) => n.id);
  return { name: `${dataset.name} network`, graph, dataset, training: trainingForNodes(training, ids) };
}

function fileName(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? fallback;
}

export async function downloadExport(format: ExportFormat): Promise<void> {
  const id = exportedExperiment();
  const query = `format=${format}`;
  const response = id
    ? await fetch(`/api/experiments/${encodeURIComponent(id)}/export?${query}`)
    : await fetch(`/api/specs/export?${query}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(editorSpec()),
      });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response.status, body, `${response.status} ${response.statusText}`);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName(response, `network.${format}`);
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
