// The student's side of a classroom room: which room this session joined, what the teacher shares (preset,
// hidden and locked controls, the challenge and its ranking), followed live on /ws/rooms/mine. A new preset is
// loaded into the editor once per version; the version applied is remembered across reloads.
import { create } from "zustand";
import { followRoom, roomApi } from "../api/rooms";
import type { RoomPreset, RoomView } from "../api/types";
import { loadPreset } from "../components/lessons/presets";
import i18n from "../i18n";
import { reportError, useNotices } from "./notices";
import { usePanels } from "./panels";

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

/**
 * Loads the teacher's preset through the editor's own actions (validated like an imported graph), and opens the
 * course at its lesson step (the room counts steps from 1, the course from 0).
 */
export async function applyPreset(preset: RoomPreset): Promise<boolean> {
  if (!(await loadPreset(preset))) return false;
  if (preset.lesson) {
    const { lesson, step } = preset.lesson;
    usePanels.getState().setCourse({ open: true, classNumber: null, lessonId: lesson, step: (step ?? 1) - 1 });
  }
  return true;
}

async function receive(view: RoomView): Promise<void> {
  useRoom.setState((s) => ({ view: { ...view, display_name: s.displayName } }));
  const applied = appliedVersion();
  const fresh = !applied || applied.code !== view.code || applied.version < view.preset_version;
  if (!view.preset || !fresh) return;
  localStorage.setItem(APPLIED, JSON.stringify({ code: view.code, version: view.preset_version }));
  await loadShared(view.preset);
}

async function loadShared(preset: RoomPreset): Promise<void> {
  if (await applyPreset(preset)) {
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
  /** The teacher's preset again, e.g. after changing what a lock holds to it. */
  loadShared: async () => {
    const preset = useRoom.getState().view?.preset;
    if (preset) await loadShared(preset);
  },

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
