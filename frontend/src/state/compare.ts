// The compare view: the session's experiments, the selected ones' curves and settings diff, polled every
// second while any of them is still training; and the one-click optimizer race.
import { create } from "zustand";
import { api } from "../api/client";
import { type Comparison, type Experiment, isActive } from "../api/types";
import { toSpec } from "../lib/graphSpec";
import { trainingForNodes } from "../lib/training";
import i18n from "../i18n";
import { useEditor } from "./editor";
import { reportError } from "./notices";
import { useTrainingCatalog } from "./training";

export const RACE_OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
const MAX_COMPARE = 20;
const POLL_MS = 1000;

type CompareState = {
  open: boolean;
  experiments: Experiment[];
  selected: string[];
  comparison: Comparison | null;
  racing: boolean;
};

export const useCompare = create<CompareState>()(() => ({
  open: false,
  experiments: [],
  selected: [],
  comparison: null,
  racing: false,
}));

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;

function stopPolling(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

async function refresh(): Promise<void> {
  stopPolling();
  const mine = ++generation;
  const { selected, open } = useCompare.getState();
  if (!open) return;
  try {
    const [experiments, comparison] = await Promise.all([
      api.experiments(),
      selected.length ? api.compare(selected) : Promise.resolve(null),
    ]);
    if (mine !== generation || !useCompare.getState().open) return;
    useCompare.setState({ experiments, comparison });
    useTrainingCatalog.getState().setExperiments(experiments);
    const following = (comparison?.experiments ?? []).some((e) => isActive(e.status as Experiment["status"]));
    if (following) timer = setTimeout(() => void refresh(), POLL_MS);
  } catch (err) {
    if (mine === generation) reportError(i18n.t("errors.compare"), err);
  }
}

export const compareActions = {
  open: (ids?: string[]) => {
    useCompare.setState((s) => ({ open: true, selected: ids ?? s.selected, comparison: ids ? null : s.comparison }));
    void refresh();
  },

  close: () => {
    stopPolling();
    generation++;
    useCompare.setState({ open: false });
  },

  toggle: (id: string, on: boolean) => {
    useCompare.setState((s) => ({
      selected: on
        ? [...s.selected.filter((x) => x !== id), id].slice(-MAX_COMPARE)
        : s.selected.filter((x) => x !== id),
    }));
    void refresh();
  },

  refresh,

  /** Trains the editor's network once per optimizer (same seed and settings) and follows them in the view. */
  race: async () => {
    if (useCompare.getState().racing) return;
    useCompare.setState({ racing: true });
    try {
      const { nodes, edges, dataset, training } = useEditor.getState();
      const graph = toSpec(nodes, edges, true);
      const { optimizer_params: _p, ...base } = trainingForNodes(
        training,
        graph.nodes.map((n) => n.id),
      );
      const result = await api.race({
        name: i18n.t("compare.raceName"),
        graph,
        dataset,
        training: base,
        optimizers: [...RACE_OPTIMIZERS],
        start: true,
      });
      compareActions.open(result.ids);
    } catch (err) {
      reportError(i18n.t("errors.race"), err);
    } finally {
      useCompare.setState({ racing: false });
    }
  },
};
