// This session's uploaded datasets, the kinds of file the server imports and its limits. After an upload or a
// delete the dataset list is reloaded, since uploads are datasets there too.
import { create } from "zustand";
import { api } from "../api/client";
import { type UploadInfo, type UploadList, uploadsApi } from "../api/uploads";
import { useCatalog } from "./catalog";
import { useEditor } from "./editor";
import { reportError } from "./notices";
import i18n from "../i18n";

type UploadState = {
  uploads: UploadInfo[];
  kinds: UploadList["kinds"];
  limits: UploadList["limits"] | null;
  dialogOpen: boolean;
  load: () => Promise<void>;
  added: (upload: UploadInfo) => Promise<void>;
  remove: (upload: UploadInfo) => Promise<void>;
  setDialogOpen: (open: boolean) => void;
};

async function reloadDatasets(): Promise<void> {
  useCatalog.setState({ datasets: await api.datasets() });
}

export const useUploads = create<UploadState>()((set, get) => ({
  uploads: [],
  kinds: [],
  limits: null,
  dialogOpen: false,
  load: async () => {
    try {
      const list = await uploadsApi.list();
      set({ uploads: list.uploads, kinds: list.kinds, limits: list.limits });
    } catch (err) {
      reportError(i18n.t("uploads.loadFailed"), err);
    }
  },
  added: async (upload) => {
    set({ uploads: [upload, ...get().uploads.filter((u) => u.id !== upload.id)] });
    await reloadDatasets();
    useEditor.getState().setDatasetName(upload.dataset);
  },
  remove: async (upload) => {
    try {
      await uploadsApi.remove(upload.id);
      set({ uploads: get().uploads.filter((u) => u.id !== upload.id) });
      if (useEditor.getState().dataset.name === upload.dataset) useEditor.getState().setDatasetName("circle");
      await reloadDatasets();
    } catch (err) {
      reportError(i18n.t("uploads.deleteFailed"), err);
    }
  },
  setDialogOpen: (open) => set({ dialogOpen: open }),
}));
