// User-facing messages (toasts). Every API failure ends up here; nothing is swallowed.
import { create } from "zustand";
import { ApiError } from "../api/client";

export type Notice = { id: number; kind: "error" | "info"; title: string; message: string };

type NoticeState = {
  notices: Notice[];
  push: (notice: Omit<Notice, "id">) => void;
  dismiss: (id: number) => void;
};

let nextId = 1;
const MAX_NOTICES = 4;

export const useNotices = create<NoticeState>()((set) => ({
  notices: [],
  push: (notice) =>
    set((s) => {
      // The same message twice in a row is one toast, not a pile.
      const last = s.notices[s.notices.length - 1];
      if (last && last.title === notice.title && last.message === notice.message) return s;
      return { notices: [...s.notices, { ...notice, id: nextId++ }].slice(-MAX_NOTICES) };
    }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export function reportError(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  useNotices.getState().push({ kind: "error", title, message });
}

export function errorStatus(err: unknown): number | null {
  return err instanceof ApiError ? err.status : null;
}
