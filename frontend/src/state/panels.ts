// What is open on the screen besides the editor, kept in one store so a shared workspace can say it and open it:
// the course dialog with its lesson and step, the backprop explorer, and the teacher options of the address
// (presentation mode, hidden parts). The Training panel's switch stays in the training store.
import { create } from "zustand";
import type { TeacherOptions } from "../lib/share";

export type CoursePlace = {
  open: boolean;
  /** The class tab; null follows the chosen lesson's class (a shared link names only the lesson). */
  classNumber: number | null;
  /** null: the first lesson of the class. */
  lessonId: string | null;
  step: number;
  /** The open lesson's title in the interface's language, for the share dialog. */
  title: string | null;
};

type Panels = {
  course: CoursePlace;
  explorerOpen: boolean;
  teacher: TeacherOptions;
  setCourse: (patch: Partial<CoursePlace>) => void;
  setExplorerOpen: (open: boolean) => void;
  setTeacher: (teacher: TeacherOptions) => void;
};

export const usePanels = create<Panels>()((set) => ({
  course: { open: false, classNumber: 1, lessonId: null, step: 0, title: null },
  explorerOpen: false,
  teacher: { present: false, hide: [] },
  setCourse: (patch) => set((s) => ({ course: { ...s.course, ...patch } })),
  setExplorerOpen: (explorerOpen) => set({ explorerOpen }),
  setTeacher: (teacher) => set({ teacher }),
}));
