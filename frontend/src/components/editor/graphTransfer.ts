// Export the graph as a .json download; import one from a file, checked by the server before it replaces
// the canvas.
import { ApiError, api } from "../../api/client";
import type { DatasetOptions, DatasetRef, GraphSpec } from "../../api/types";
import i18n from "../../i18n";
import { type Block, parseBlocks, pruneBlocks, storedBlocks } from "../../lib/blocks";
import { fromSpec, toSpec } from "../../lib/graphSpec";
import { graphFileName, parseGraphFile, toGraphFile } from "../../lib/graphFile";
import { useEditor } from "../../state/editor";
import { reportError, useNotices } from "../../state/notices";

export function exportGraph(): void {
  const { nodes, edges, blocks } = useEditor.getState();
  // Blocks are editor-only: they go in the file's editor section, never into the graph spec.
  const kept = storedBlocks(pruneBlocks(blocks, nodes));
  const file = toGraphFile(toSpec(nodes, edges), kept.length > 0 ? { blocks: kept } : undefined);
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = graphFileName();
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Asks the server whether the spec is well-formed: a 422 (unknown keys, bad ids…) refuses the import. */
async function serverCheck(graph: GraphSpec, dataset: DatasetRef): Promise<{ ok: boolean; problems: number }> {
  try {
    const report = await api.validate(graph, dataset);
    return { ok: true, problems: report.errors.length };
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      reportError(i18n.t("transfer.rejected"), err);
      return { ok: false, problems: err.items.length };
    }
    throw err;
  }
}

/**
 * Loads a graph (checked by the server) onto the canvas, replacing what is there, and switches to the data set
 * it was made for when one is given. Returns whether it did.
 */
export async function loadGraph(
  graph: GraphSpec,
  dataset?: { name: string; options: DatasetOptions },
  blocks?: unknown,
): Promise<boolean> {
  const editor = useEditor.getState();
  const check = await serverCheck(
    graph,
    dataset ? { name: dataset.name, options: { ...dataset.options } } : editor.dataset,
  );
  if (!check.ok) return false;
  const { nodes, edges } = fromSpec(graph);
  const groups: Block[] = parseBlocks(
    blocks,
    nodes.map((n) => n.id),
  );
  editor.replaceGraph(nodes, edges, groups);
  if (dataset) editor.setDataset({ name: dataset.name, options: dataset.options });
  if (check.problems > 0) {
    useNotices.getState().push({
      kind: "info",
      title: i18n.t("transfer.loadedWithProblems", { count: check.problems }),
      message: i18n.t("transfer.problemsHint"),
    });
  }
  return true;
}

export async function importGraphFile(file: File): Promise<boolean> {
  const parsed = parseGraphFile(await file.text());
  if (!parsed.ok) {
    reportError(
      i18n.t("transfer.unreadable"),
      i18n.t(`transfer.problem.${parsed.problem}`, { detail: parsed.detail ?? "" }),
    );
    return false;
  }
  try {
    return await loadGraph(parsed.graph, undefined, parsed.editor?.blocks);
  } catch (err) {
    reportError(i18n.t("transfer.importFailed"), err);
    return false;
  }
}
