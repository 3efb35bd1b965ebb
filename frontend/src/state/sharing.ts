// Sharing the workspace: what it is now (graph, data, training with its seed, open lesson step and panels), and
// opening one from the address (a #s= fragment or a ?link= id) through the editor's own actions. A bad address is
// a message, and the workspace stays as it was.
import { api } from "../api/client";
import type { Workspace } from "../api/types";
import i18n from "../i18n";
import { loadGraph } from "../components/editor/graphTransfer";
import { defaultTraining } from "../lib/defaults";
import { toSpec } from "../lib/graphSpec";
import {
  HIDEABLE,
  WORKSPACE_VERSION,
  addressAfterOpening,
  decodeWorkspace,
  knownTraining,
  readShareRequest,
} from "../lib/share";
import { selectedNode, useEditor } from "./editor";
import { reportError, useNotices } from "./notices";
import { usePanels } from "./panels";
import { runActions } from "./runActions";
import { useTrainingCatalog } from "./training";

/** The workspace as a link carries it; `withLesson` adds the course's lesson and step. */
export function currentWorkspace(withLesson: boolean): Workspace {
  const editor = useEditor.getState();
  const { course, explorerOpen } = usePanels.getState();
  const views: Workspace["views"] = [];
  if (useTrainingCatalog.getState().panelOpen) views.push("training");
  if (explorerOpen) views.push("explorer");
  return {
    version: WORKSPACE_VERSION,
    graph: toSpec(editor.nodes, editor.edges),
    dataset: { name: editor.dataset.name, options: { ...editor.dataset.options } },
    training: { ...editor.training },
    lesson: withLesson && course.lessonId ? { id: course.lessonId, step: course.step } : null,
    views,
    selected: selectedNode(editor)?.id ?? null,
    show_test_data: editor.showTestData,
    discretize: editor.discretize,
  };
}

/** The course's lesson step if one has been opened, for the share dialog to offer. */
export function sharedLessonPlace(): { id: string; step: number; title: string } | null {
  const { lessonId, step, title } = usePanels.getState().course;
  return lessonId ? { id: lessonId, step, title: title ?? lessonId } : null;
}

/** Puts a workspace on the screen. False when the server refused its graph or data set (it said why). */
export async function applyWorkspace(workspace: Workspace): Promise<boolean> {
  if (!(await loadGraph(workspace.graph, { name: workspace.dataset.name, options: workspace.dataset.options ?? {} }))) {
    return false;
  }
  const editor = useEditor.getState();
  editor.setTraining({ ...defaultTraining(), ...knownTraining(workspace.training, defaultTraining()) });
  editor.setShowTestData(workspace.show_test_data ?? false);
  editor.setDiscretize(workspace.discretize ?? false);
  if (workspace.selected) editor.selectNode(workspace.selected);
  const views = workspace.views ?? [];
  useTrainingCatalog.getState().setPanelOpen(views.includes("training"));
  const panels = usePanels.getState();
  panels.setExplorerOpen(views.includes("explorer"));
  if (workspace.lesson) {
    panels.setCourse({
      open: true,
      classNumber: null,
      lessonId: workspace.lesson.id,
      step: workspace.lesson.step,
      title: null,
    });
  }
  return true;
}

async function workspaceFromLink(id: string): Promise<Workspace | null> {
  try {
    return (await api.link(id)).workspace;
  } catch (err) {
    reportError(i18n.t("share.linkFailed"), err);
    return null;
  }
}

function workspaceFromFragment(state: string): Workspace | null {
  const decoded = decodeWorkspace(state);
  if (decoded.ok) return decoded.workspace;
  reportError(i18n.t("share.unreadable"), i18n.t(`share.problem.${decoded.problem}`, { detail: decoded.detail ?? "" }));
  return null;
}

/**
 * Reads the address once the catalog is loaded: applies the teacher options, then the shared workspace if there
 * is one (instead of re-attaching to the last run). Answers whether the address carried a workspace.
 */
export async function openFromAddress(): Promise<boolean> {
  const url = new URL(window.location.href);
  const request = readShareRequest(url);
  usePanels.getState().setTeacher(request.options);
  if (request.unknownHidden.length) {
    useNotices.getState().push({
      kind: "info",
      title: i18n.t("share.unknownHidden", { names: request.unknownHidden.join(", ") }),
      message: i18n.t("share.hideChoices", { names: HIDEABLE.join(", ") }),
    });
  }
  if (request.link === null && request.state === null) return false;
  let workspace: Workspace | null = null;
  if (request.link === "") reportError(i18n.t("share.linkFailed"), i18n.t("share.badLinkId"));
  else if (request.link) workspace = await workspaceFromLink(request.link);
  else if (request.state !== null) workspace = workspaceFromFragment(request.state);
  window.history.replaceState(null, "", addressAfterOpening(url));
  if (!workspace) return true;
  try {
    if (await applyWorkspace(workspace)) await runActions.reset();
  } catch (err) {
    reportError(i18n.t("share.applyFailed"), err);
  }
  return true;
}
