// Block actions on the editor graph (each one undo step) and the library of saved blocks (localStorage).
import type { XYPosition } from "@xyflow/react";
import { create } from "zustand";
import { persist } from "zustand/middleware";
import {
  type SavedBlock,
  groupNodes,
  groupableSelection,
  insertSavedBlock,
  parseLibrary,
  saveBlock,
  setCollapsed,
  ungroup,
} from "../lib/blocks";
import { useEditor } from "./editor";

type BlockLibraryState = {
  saved: SavedBlock[];
  /** The selection waiting for a block name (the name dialog is open); null when none. */
  naming: string[] | null;
  add: (block: SavedBlock) => void;
  remove: (id: string) => void;
};

export const useBlockLibrary = create<BlockLibraryState>()(
  persist(
    (set) => ({
      saved: [],
      naming: null,
      add: (block) => set((s) => ({ saved: [...s.saved.filter((b) => b.name !== block.name), block] })),
      remove: (id) => set((s) => ({ saved: s.saved.filter((b) => b.id !== id) })),
    }),
    {
      name: "neurona.blocks",
      version: 1,
      partialize: (s) => ({ saved: s.saved }),
      merge: (persisted, current) => ({
        ...current,
        saved: parseLibrary((persisted as { saved?: unknown } | null)?.saved),
      }),
    },
  ),
);

/** Opens the name dialog for the selected layers; false when fewer than two ungrouped layers are selected. */
export function startGrouping(): boolean {
  const { nodes, blocks } = useEditor.getState();
  const members = groupableSelection(nodes, blocks);
  if (!members) return false;
  useBlockLibrary.setState({ naming: members });
  return true;
}

export function cancelGrouping(): void {
  useBlockLibrary.setState({ naming: null });
}

export function finishGrouping(name: string): void {
  const members = useBlockLibrary.getState().naming;
  useBlockLibrary.setState({ naming: null });
  if (!members) return;
  const { nodes, blocks, commitGraph } = useEditor.getState();
  const grouped = groupNodes(blocks, nodes, members, name);
  commitGraph({ blocks: grouped.blocks, nodes: nodes.map((n) => (n.selected ? { ...n, selected: false } : n)) });
}

export function collapseBlock(blockId: string, collapsed: boolean): void {
  const { blocks, commitGraph } = useEditor.getState();
  commitGraph({ blocks: setCollapsed(blocks, blockId, collapsed) });
}

export function ungroupBlock(blockId: string): void {
  const { blocks, commitGraph } = useEditor.getState();
  commitGraph({ blocks: ungroup(blocks, blockId) });
}

export function saveToLibrary(blockId: string): SavedBlock | null {
  const { nodes, edges, blocks } = useEditor.getState();
  const block = blocks.find((b) => b.id === blockId);
  if (!block) return null;
  const saved = saveBlock(block, nodes, edges);
  useBlockLibrary.getState().add(saved);
  return saved;
}

/** Inserts a copy of a saved block with its top-left at `at`, as a new block whose layers are selected. */
export function insertFromLibrary(savedId: string, at: XYPosition): boolean {
  const saved = useBlockLibrary.getState().saved.find((b) => b.id === savedId);
  if (!saved) return false;
  const { nodes, edges, blocks, commitGraph } = useEditor.getState();
  const inserted = insertSavedBlock(saved, nodes, blocks, at);
  commitGraph({
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...inserted.nodes],
    edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...inserted.edges],
    blocks: [...blocks.map((b) => (b.selected ? { ...b, selected: false } : b)), inserted.block],
  });
  return true;
}
