// Keyboard shortcuts of the graph editor: undo/redo and copy/paste of the selected layers.
import { useEffect } from "react";
import { type Clip, PASTE_OFFSET, copySelection, pasteClip } from "../../lib/clipboard";
import { useEditor } from "../../state/editor";

/** The last copied selection; kept for the page's lifetime. */
let clip: Clip | null = null;

/** Keys typed into a field belong to the field (its own undo, its own copy). */
function typingIntoField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function copySelected(): boolean {
  const { nodes, edges } = useEditor.getState();
  const copied = copySelection(nodes, edges);
  if (copied) clip = copied;
  return copied !== null;
}

export function pasteCopied(): boolean {
  if (!clip) return false;
  const state = useEditor.getState();
  const pasted = pasteClip(
    clip,
    state.nodes.map((n) => n.id),
    PASTE_OFFSET,
  );
  state.insertNodes(pasted.nodes, pasted.edges);
  // A second paste lands a step further, not on top of the first.
  clip = {
    ...clip,
    nodes: clip.nodes.map((n) => ({
      ...n,
      position: { x: n.position.x + PASTE_OFFSET.x, y: n.position.y + PASTE_OFFSET.y },
    })),
  };
  return true;
}

export function useEditorShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || typingIntoField(event.target)) return;
      const key = event.key.toLowerCase();
      const editor = useEditor.getState();
      let handled = true;
      if (key === "z" && !event.shiftKey) editor.undo();
      else if ((key === "z" && event.shiftKey) || key === "y") editor.redo();
      else if (key === "c" && !event.shiftKey) handled = copySelected();
      else if (key === "v" && !event.shiftKey) handled = pasteCopied();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
