// Training controls: the optimizer and schedule registries, the session's experiments (for "Start from…"),
// per-node freeze / initialisation, and live setting changes sent to the running experiment.
import { create } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { api } from "../api/client";
import { type Experiment, type InitSpec, isActive, type RegistryEntry, type TaskInfo, type TrainingSettings } from "../api/types";
import { runFingerprint, toSpec } from "../lib/graphSpec";
import { liveChanges } from "../lib/training";
import i18n from "../i18n";
import { useEditor } from "./editor";
import { reportError } from "./notices";
import { useRun } from "./run";
import { runActions } from "./runActions";

type TrainingCatalog = {
  optimizers: RegistryEntry[];
  schedules: RegistryEntry[];
  /** The task table: each task's losses and metrics. */
  tasks: TaskInfo[];
  /** The session's experiments, newest first (without graphs). */
  experiments: Experiment[];
  panelOpen: boolean;
  load: () => Promise<void>;
  loadExperiments: () => Promise<void>;
  /** A fresher list of the session's experiments, fetched elsewhere (the compare view polls it). */
  setExperiments: (experiments: Experiment[]) => void;
  setPanelOpen: (open: boolean) => void;
};

export const useTrainingCatalog = create<TrainingCatalog>()((set) => ({
  optimizers: [],
  schedules: [],
  tasks: [],
  experiments: [],
  panelOpen: false,
  load: async () => {
    try {
      const [optimizers, schedules, tasks] = await Promise.all([api.optimizers(), api.schedules(), api.tasks()]);
      set({ optimizers, schedules, tasks });
    } catch (err) {
      reportError(i18n.t("errors.catalog"), err);
    }
  },
  loadExperiments: async () => {
    try {
      set({ experiments: await api.experiments() });
    } catch (err) {
      reportError(i18n.t("errors.experiments"), err);
    }
  },
  setExperiments: (experiments) => set({ experiments }),
  setPanelOpen: (panelOpen) => set({ panelOpen }),
}));

export function optimizerInfo(name: string): RegistryEntry | undefined {
  return useTrainingCatalog.getState().optimizers.find((o) => o.name === name);
}

const setTraining = (patch: Partial<TrainingSettings>) => useEditor.getState().setTraining(patch);

export function useIsFrozen(nodeId: string): boolean {
  return useEditor((s) => (s.training.frozen ?? []).includes(nodeId));
}

export function useInitOverride(nodeId: string): InitSpec | undefined {
  return useEditor(useShallow((s) => s.training.init_overrides?.[nodeId] as InitSpec | undefined));
}

export const trainingActions = {
  /** A new optimizer starts from its own defaults: the old one's parameters may not exist there. */
  setOptimizer: (optimizer: TrainingSettings["optimizer"]) => setTraining({ optimizer, optimizer_params: {} }),

  setOptimizerParam: (name: string, value: unknown) => {
    const current = { ...(useEditor.getState().training.optimizer_params ?? {}) };
    if (value === undefined) delete current[name];
    else current[name] = value;
    setTraining({ optimizer_params: current });
  },

  setSchedule: (schedule: TrainingSettings["schedule"]) => setTraining({ schedule, schedule_params: {} }),

  setScheduleParam: (name: string, value: unknown) => {
    const current = { ...(useEditor.getState().training.schedule_params ?? {}) };
    if (value === undefined) delete current[name];
    else current[name] = value;
    setTraining({ schedule_params: current });
  },

  toggleFrozen: (nodeId: string, frozen: boolean) => {
    const current = useEditor.getState().training.frozen ?? [];
    const next = frozen ? [...new Set([...current, nodeId])] : current.filter((id) => id !== nodeId);
    setTraining({ frozen: next });
  },

  setInitOverride: (nodeId: string, init: InitSpec | null) => {
    const current = { ...(useEditor.getState().training.init_overrides ?? {}) };
    if (init) current[nodeId] = init as NonNullable<TrainingSettings["init_overrides"]>[string];
    else delete current[nodeId];
    setTraining({ init_overrides: current });
  },
};

/**
 * Watches the editor's training settings: when the current run matched the editor before a change and the
 * change is one a running experiment can take (learning rate, momentum, weight decay, L1, L2, clip norm), it
 * is sent as PATCH .../settings instead of making the run stale. Returns the unsubscribe function.
 */
export function startLiveSettings(): () => void {
  return useEditor.subscribe((state, prev) => {
    if (state.training === prev.training) return;
    const run = useRun.getState();
    if (!run.experimentId || !isActive(run.status)) return;
    const before = runFingerprint(toSpec(prev.nodes, prev.edges, false), prev.dataset, prev.training);
    if (run.fingerprint !== before) return;
    const changes = liveChanges(prev.training, state.training);
    if (!changes || Object.keys(changes).length === 0) return;
    void runActions.applyLive(changes);
  });
}
