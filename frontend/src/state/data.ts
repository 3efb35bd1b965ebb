// Points of the chosen data set (for the scatter preview and the boundary overlay) and of every data set's
// thumbnail.
import { create } from "zustand";
import { api, ApiError } from "../api/client";
import { pointsOf, type DatasetPreview } from "../api/types";
import { stableStringify } from "../lib/graphSpec";
import i18n from "../i18n";
import { useCatalog } from "./catalog";
import { useEditor } from "./editor";
import { reportError } from "./notices";

type DataState = {
  preview: DatasetPreview | null;
  /** The server's complaint about the current options (422), shown beside the options. */
  previewError: string | null;
  thumbnails: Record<string, DatasetPreview>;
};

export const useData = create<DataState>()(() => ({ preview: null, previewError: null, thumbnails: {} }));

const PREVIEW_DEBOUNCE_MS = 150;

/** Range of regression targets in a preview, which fixes the colour ramp. */
export function targetRange(preview: DatasetPreview | null): [number, number] | undefined {
  const points = pointsOf(preview);
  if (!points || points.task !== "regression") return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const y of [...points.train.y, ...points.test.y]) {
    min = Math.min(min, y);
    max = Math.max(max, y);
  }
  return Number.isFinite(min) && Number.isFinite(max) ? [min, max] : undefined;
}

async function loadThumbnails(): Promise<void> {
  for (const dataset of useCatalog.getState().datasets) {
    if (useData.getState().thumbnails[dataset.name]) continue;
    try {
      const preview = await api.preview(dataset.name, {});
      useData.setState((s) => ({ thumbnails: { ...s.thumbnails, [dataset.name]: preview } }));
    } catch {
      // A missing thumbnail leaves the button with its title only; the preview of the chosen set reports errors.
    }
  }
}

export function startPreview(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastKey = "";
  let latest = 0;

  const run = async () => {
    const { dataset } = useEditor.getState();
    const key = stableStringify(dataset);
    if (key === lastKey) return;
    lastKey = key;
    const request = ++latest;
    try {
      const preview = await api.preview(dataset.name, dataset.options);
      if (request === latest) useData.setState({ preview, previewError: null });
    } catch (err) {
      if (request !== latest) return;
      lastKey = "";
      if (err instanceof ApiError && err.status === 422) {
        useData.setState({ previewError: err.message });
      } else {
        reportError(i18n.t("errors.preview"), err);
      }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), PREVIEW_DEBOUNCE_MS);
  };
  const unsubscribe = useEditor.subscribe((s, prev) => {
    if (s.dataset !== prev.dataset) schedule();
  });
  const unsubscribeCatalog = useCatalog.subscribe((s, prev) => {
    if (s.datasets !== prev.datasets) void loadThumbnails();
  });
  void run();
  void loadThumbnails();
  return () => {
    unsubscribe();
    unsubscribeCatalog();
    if (timer) clearTimeout(timer);
  };
}
