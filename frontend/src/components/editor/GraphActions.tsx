// Toolbar buttons for whole-graph actions: undo/redo, auto-layout, templates, import and export (graph JSON, and
// the network as code, ONNX or weights).
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEditor } from "../../state/editor";
import { DownloadIcon, LayoutIcon, RedoIcon, TemplateIcon, UndoIcon, UploadIcon } from "../Icons";
import { ExportMenu } from "./ExportMenu";
import { exportGraph, importGraphFile } from "./graphTransfer";
import { TemplateGallery } from "./TemplateGallery";

export function GraphActions() {
  const { t } = useTranslation();
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const empty = useEditor((s) => s.nodes.length === 0);
  const [gallery, setGallery] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (fileInput.current) fileInput.current.value = "";
    if (file) await importGraphFile(file);
  };

  return (
    <>
      <div className="tool-group" role="group" aria-label={t("graph.history")}>
        <button
          type="button"
          className="tool-button is-icon"
          onClick={() => useEditor.getState().undo()}
          disabled={!canUndo}
          title={t("graph.undoHint")}
          aria-label={t("graph.undo")}
          data-testid="undo"
        >
          <UndoIcon size={15} />
        </button>
        <button
          type="button"
          className="tool-button is-icon"
          onClick={() => useEditor.getState().redo()}
          disabled={!canRedo}
          title={t("graph.redoHint")}
          aria-label={t("graph.redo")}
          data-testid="redo"
        >
          <RedoIcon size={15} />
        </button>
      </div>
      <button
        type="button"
        className="tool-button"
        onClick={() => useEditor.getState().autoLayout()}
        disabled={empty}
        title={t("graph.layoutHint")}
        data-testid="auto-layout"
      >
        <LayoutIcon size={15} />
        <span>{t("graph.layout")}</span>
      </button>
      <button
        type="button"
        className="tool-button"
        onClick={() => setGallery(true)}
        title={t("templates.hint")}
        data-testid="open-templates"
      >
        <TemplateIcon size={15} />
        <span>{t("templates.button")}</span>
      </button>
      <div className="tool-group" role="group" aria-label={t("transfer.group")}>
        <button
          type="button"
          className="tool-button is-icon"
          aria-label={t("transfer.import")}
          onClick={() => fileInput.current?.click()}
          title={t("transfer.importHint")}
          data-testid="import-graph"
        >
          <UploadIcon size={15} />
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          onChange={(e) => void onFile(e.target.files)}
          data-testid="import-file"
        />
        <button
          type="button"
          className="tool-button is-icon"
          aria-label={t("transfer.export")}
          onClick={exportGraph}
          disabled={empty}
          title={t("transfer.exportHint")}
          data-testid="export-graph"
        >
          <DownloadIcon size={15} />
        </button>
      </div>
      <ExportMenu />
      {gallery && <TemplateGallery onClose={() => setGallery(false)} />}
    </>
  );
}
