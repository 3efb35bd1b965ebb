// "Load this preset": the step's graph, dataset and training settings through the editor's own actions.
import type { GraphSpec, LessonStep, TrainingSettings } from "../../api/types";
import { useEditor } from "../../state/editor";
import { loadGraph } from "../editor/graphTransfer";

export async function loadPreset(preset: NonNullable<LessonStep["preset"]>): Promise<boolean> {
  const graph = preset.graph as unknown as GraphSpec;
  const dataset = preset.dataset as { name: string; options: Record<string, unknown> };
  if (!(await loadGraph(graph, dataset))) return false;
  const editor = useEditor.getState();
  // Lesson graphs written without editor positions are laid out like any imported graph.
  if (graph.nodes.some((n) => !n.position)) editor.autoLayout();
  editor.setTraining(preset.training as Partial<TrainingSettings>);
  return true;
}
