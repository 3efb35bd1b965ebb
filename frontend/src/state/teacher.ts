// The teacher's side: the room they run (code and key, kept in this browser only, never in the address), its
// state polled while the teacher view is open, and the actions on it. The key travels in a header.
import { create } from "zustand";
import { type TeacherApi, roomApi, teacherApi } from "../api/rooms";
import type { RoomCreated, RoomState } from "../api/types";
import i18n from "../i18n";
import { reportError } from "./notices";

const STORED = "neurona.teacher";
export const TEACHER_POLL_MS = 1500;

type Held = { code: string; key: string; name: string };

type TeacherStore = {
  held: Held | null;
  state: RoomState | null;
  open: boolean;
  /** The key as created, shown once so the teacher can note it down. */
  created: RoomCreated | null;
  setOpen: (open: boolean) => void;
};

function stored(): Held | null {
  try {
    return JSON.parse(localStorage.getItem(STORED) ?? "null") as Held | null;
  } catch {
    return null;
  }
}

export const useTeacher = create<TeacherStore>()((set) => ({
  held: stored(),
  state: null,
  open: false,
  created: null,
  setOpen: (open) => set({ open }),
}));

/** The calls for the held room, or null when this browser runs none. */
export function heldApi(): TeacherApi | null {
  const held = useTeacher.getState().held;
  return held ? teacherApi(held.code, held.key) : null;
}

export const teacherActions = {
  create: async (name: string, quota: number): Promise<boolean> => {
    try {
      const created = await roomApi.create({ name, quota });
      const held = { code: created.code, key: created.teacher_key, name: created.name };
      localStorage.setItem(STORED, JSON.stringify(held));
      useTeacher.setState({ held, created, open: true, state: null });
      return true;
    } catch (err) {
      reportError(i18n.t("rooms.createFailed"), err);
      return false;
    }
  },

  /** Takes over a room with its code and key (another browser, or after clearing this one). */
  hold: async (code: string, key: string): Promise<string | null> => {
    try {
      const state = await teacherApi(code, key).state();
      const held = { code: state.code, key, name: state.name };
      localStorage.setItem(STORED, JSON.stringify(held));
      useTeacher.setState({ held, state, open: true, created: null });
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  },

  refresh: async () => {
    const api = heldApi();
    if (!api) return;
    try {
      useTeacher.setState({ state: await api.state() });
    } catch (err) {
      reportError(i18n.t("rooms.stateFailed"), err);
    }
  },

  /** Runs one teacher call and shows the room as it answers (or the error). */
  apply: async (call: (api: TeacherApi) => Promise<RoomState | unknown>, failure: string): Promise<boolean> => {
    const api = heldApi();
    if (!api) return false;
    try {
      const answer = await call(api);
      if (answer && typeof answer === "object" && "members" in answer)
        useTeacher.setState({ state: answer as RoomState });
      else await teacherActions.refresh();
      return true;
    } catch (err) {
      reportError(failure, err);
      return false;
    }
  },

  forget: () => {
    localStorage.removeItem(STORED);
    useTeacher.setState({ held: null, state: null, open: false, created: null });
  },
};
