// What a room's hidden and locked controls cover in the workspace: one entry per control the server declares
// (the Record makes tsc insist on every one), turned into a style sheet. The server keeps the locks too
// (backend rooms/locks.py): what a locked control would change in a run of the room is refused there.
import type { RoomControl, RoomControls } from "../api/types";

export const CONTROL_SELECTORS: Record<RoomControl, readonly string[]> = {
  graph: [".palette", ".inspector", ".canvas-toolbar", ".flow-area .react-flow__pane", ".flow-area .react-flow__node"],
  templates: ['[data-testid="open-templates"]', '[data-testid="import-graph"]'],
  dataset: [".data-column .dataset-picker", ".data-column .panel-section:not(.upload-section)"],
  training: [".training-toggle", ".training-panel", ".topbar .settings"],
  lessons: [".lessons-open"],
  uploads: [".upload-section"],
  export: [".export-menu"],
};

export const CONTROL_ORDER = Object.keys(CONTROL_SELECTORS) as RoomControl[];

const HIDE = "display: none !important;";
const LOCK = "pointer-events: none !important; opacity: 0.5; filter: grayscale(0.6);";

/** The CSS that hides and locks what `controls` names; an empty string when nothing is. */
export function controlsCss(controls: RoomControls | null | undefined): string {
  if (!controls) return "";
  const rule = (names: RoomControl[] | undefined, body: string) => {
    const selectors = (names ?? []).flatMap((name) => CONTROL_SELECTORS[name]);
    return selectors.length ? `${selectors.join(",\n")} { ${body} }` : "";
  };
  return [rule(controls.hidden, HIDE), rule(controls.locked, LOCK)].filter(Boolean).join("\n");
}
