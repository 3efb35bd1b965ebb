// What the server offers: layer types (and their categories, in palette order) and data sets. Loaded once at
// start-up.
import { create } from "zustand";
import { api } from "../api/client";
import type { DatasetInfo, LayerCategory, LayerInfo } from "../api/types";
import { reportError } from "./notices";
import i18n from "../i18n";

type CatalogState = {
  layers: LayerInfo[];
  /** The layer categories in the server's palette order. */
  categories: LayerCategory[];
  datasets: DatasetInfo[];
  loaded: boolean;
  failed: boolean;
  load: () => Promise<void>;
};

export const useCatalog = create<CatalogState>()((set) => ({
  layers: [],
  categories: [],
  datasets: [],
  loaded: false,
  failed: false,
  load: async () => {
    try {
      // Layers first: its answer sets the session cookie that the following requests then share.
      const layers = await api.layers();
      const [categories, datasets] = await Promise.all([api.layerCategories(), api.datasets()]);
      set({ layers, categories, datasets, loaded: true, failed: false });
    } catch (err) {
      set({ failed: true });
      reportError(i18n.t("errors.catalog"), err);
    }
  },
}));

export function layerInfo(type: string): LayerInfo | undefined {
  return useCatalog.getState().layers.find((l) => l.type === type);
}

export function datasetInfo(name: string): DatasetInfo | undefined {
  return useCatalog.getState().datasets.find((d) => d.name === name);
}
