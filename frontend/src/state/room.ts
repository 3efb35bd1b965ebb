// The student's side of a classroom room: which room this session joined, what the teacher shares (preset,
// hidden and locked controls, the challenge and its ranking), followed live on /ws/rooms/mine. A new preset is
// loaded into the editor once per version; the version applied is remembered across reloads.
import { create } from "zustand";
import { followRoom, roomApi } from "../api/rooms";
import type { RoomPreset, RoomView, TrainingSettings } from "../api/types";
import { loadGraph } from "../components/editor/graphTransfer";
import i18n from "../i18n";
import { useEditor } from "./editor";
import { reportError, useNotices } from "./notices";

const APPLIED = "neurona.room.presetVersion";
const LEADERBOARD_POLL_MS = 4000;

type RoomStore = {
  view: RoomView | null;
  /** The name this session joined with (room messages broadcast to all carry none). */
  displayName: string | null;
  joinOpen: boolean;
  /** The code from a join link (`/?room=CODE`), to prefill the join dialog. */
  invitedCode: string;
  setJoinOpen: (open: boolean) => void;
};

export const useRoom = create<RoomStore>()((set) => ({
  view: null,
  displayName: null,
  joinOpen: false,
  invitedCode: "",
  setJoinOpen: (joinOpen) => set({ joinOpen }),
}));

let stopFollowing: (() => void) | null = null;
let poll: ReturnType<typeof setInterval> | null = null;

function appliedVersion(): { code: string; version: number } | null {
  try {
    return JSON.parse(localStorage.getItem(APPLIED) ?? "null") as { code: string; version: number } | null;
  } catch {
    return null;
  }
}

/** Loads the teacher's preset through the editor's own actions (validated like an imported graph). */
export async function applyPreset(preset: RoomPreset): Promise<boolean> {
  const options = (preset.dataset?.options ?? {}) as Record<string, unknown>;
  if (!(await loadGraph(preset.graph, { name: preset.dataset?.name ?? "circle", options }))) return false;
  const editor = useEditor.getState();
  if (preset.graph.nodes.some((n) => !n.position)) editor.autoLayout();
  editor.setTraining(preset.training as Partial<TrainingSettings>);
  return true;
}

async function receive(view: RoomView): Promise<void> {
  useRoom.setState((s) => ({ view: { ...view, display_name: s.displayName } }));
  const applied = appliedVersion();
  const fresh = !applied || applied.code !== view.code || applied.version < view.preset_version;
  if (!view.preset || !fresh) return;
  localStorage.setItem(APPLIED, JSON.stringify({ code: view.code, version: view.preset_version }));
  if (await applyPreset(view.preset)) {
    useNotices
      .getState()
      .push({ kind: "info", title: i18n.t("rooms.presetArrived"), message: i18n.t("rooms.presetHint") });
  }
}

function follow(): void {
  stopFollowing?.();
  stopFollowing = followRoom(
    (message) => void receive(message.room),
    () => forget(),
  );
  if (poll) clearInterval(poll);
  // The ranking moves as runs train; the stream carries only the teacher's changes, so it is polled meanwhile.
  poll = setInterval(() => {
    if (!useRoom.getState().view?.challenge) return;
    roomApi.mine().then(
      (view) => useRoom.setState((s) => (s.view && view ? { view: { ...s.view, leaderboard: view.leaderboard } } : s)),
      () => undefined,
    );
  }, LEADERBOARD_POLL_MS);
}

function forget(): void {
  stopFollowing?.();
  stopFollowing = null;
  if (poll) clearInterval(poll);
  poll = null;
  useRoom.setState({ view: null, displayName: null });
}

export const roomActions = {
  /** On load: the room this session is in (if any), and a join link's code. */
  restore: async () => {
    const code = new URLSearchParams(window.location.search).get("room");
    if (code) useRoom.setState({ invitedCode: code, joinOpen: true });
    try {
      const view = await roomApi.mine();
      if (!view) return;
      useRoom.setState({ displayName: view.display_name ?? null, joinOpen: false });
      await receive(view);
      follow();
    } catch (err) {
      reportError(i18n.t("rooms.loadFailed"), err);
    }
  },

  join: async (code: string, name: string): Promise<string | null> => {
    try {
      const view = await roomApi.join(code, name);
      useRoom.setState({ displayName: view.display_name ?? name, joinOpen: false, invitedCode: "" });
      const url = new URL(window.location.href);
      url.searchParams.delete("room");
      window.history.replaceState(null, "", url);
      await receive(view);
      follow();
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  },

  leave: async () => {
    try {
      await roomApi.leave();
    } catch (err) {
      reportError(i18n.t("rooms.leaveFailed"), err);
    }
    forget();
  },
};
