// What the server offers: layer types and data sets. Loaded once at start-up.
import { create } from "zustand";
import { api } from "../api/client";
import type { DatasetInfo, LayerInfo } from "../api/types";
import { reportError } from "./notices";
import i18n from "../i18n";

type CatalogState = {
  layers: LayerInfo[];
  datasets: DatasetInfo[];
  loaded: boolean;
  failed: boolean;
  load: () => Promise<void>;
};

export const useCatalog = create<CatalogState>()((set) => ({
  layers: [],
  datasets: [],
  loaded: false,
  failed: false,
  load: async () => {
    try {
      // Layers first: its answer sets the session cookie that the following requests then share.
      const layers = await api.layers();
      const datasets = await api.datasets();
      set({ layers, datasets, loaded: true, failed: false });
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
