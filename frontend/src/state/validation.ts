// Live shape inference: every graph or data-set edit is sent to the server (debounced) and the report painted.
import { create } from "zustand";
import { api } from "../api/client";
import type { ErrorItem, ValidationReport } from "../api/types";
import { stableStringify, toSpec } from "../lib/graphSpec";
import i18n from "../i18n";
import { useEditor } from "./editor";
import { reportError } from "./notices";

type ValidationState = {
  report: ValidationReport | null;
  pending: boolean;
  /** Errors a failed action (e.g. creating an experiment) answered, shown on their nodes until the next edit. */
  actionErrors: ErrorItem[];
  setActionErrors: (items: ErrorItem[]) => void;
};

export const useValidation = create<ValidationState>()((set) => ({
  report: null,
  pending: false,
  actionErrors: [],
  setActionErrors: (actionErrors) => set({ actionErrors }),
}));

export const VALIDATE_DEBOUNCE_MS = 200;

/** Errors for one node, from the live report and from the last failed action. */
export function nodeErrors(state: Pick<ValidationState, "report" | "actionErrors">, nodeId: string): ErrorItem[] {
  const fromReport = state.report?.errors.filter((e) => e.node === nodeId) ?? [];
  const fromAction = state.actionErrors.filter(
    (e) => e.node === nodeId && !fromReport.some((r) => r.message === e.message),
  );
  return [...fromReport, ...fromAction];
}

/** Starts watching the editor; returns the function that stops it. */
export function startValidation(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastKey = "";
  let latestRequest = 0;

  const run = async () => {
    const { nodes, edges, dataset } = useEditor.getState();
    const graph = toSpec(nodes, edges, false);
    const key = stableStringify({ graph, dataset });
    if (key === lastKey) return;
    lastKey = key;
    const request = ++latestRequest;
    useValidation.setState({ pending: true, actionErrors: [] });
    try {
      const report = await api.validate(graph, dataset);
      // An older answer arriving late must not overwrite a newer one.
      if (request === latestRequest) useValidation.setState({ report, pending: false });
    } catch (err) {
      if (request === latestRequest) useValidation.setState({ pending: false });
      lastKey = "";
      reportError(i18n.t("errors.validate"), err);
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), VALIDATE_DEBOUNCE_MS);
  };

  // The report's messages are in the request's language: a switch asks again.
  const relanguage = () => {
    lastKey = "";
    schedule();
  };
  i18n.on("languageChanged", relanguage);
  // Positions and selection do not change the report; the key comparison in run() skips those edits.
  const unsubscribe = useEditor.subscribe((s, prev) => {
    if (s.nodes !== prev.nodes || s.edges !== prev.edges || s.dataset !== prev.dataset) schedule();
  });
  void run();
  return () => {
    unsubscribe();
    i18n.off("languageChanged", relanguage);
    if (timer) clearTimeout(timer);
  };
}
