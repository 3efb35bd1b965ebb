// The "Code" menu: the network as PyTorch code, a training script, ONNX or trained weights, downloaded from the
// server. Weights need a run that trained what the editor shows.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEditor } from "../../state/editor";
import { reportError } from "../../state/notices";
import { useRun } from "../../state/run";
import { useEscape } from "../Overlay";
import { CodeIcon } from "../Icons";
import { EXPORT_FORMATS, type ExportFormat, NEEDS_WEIGHTS, downloadExport, exportedExperiment } from "./exportDownload";
import "./export-menu.css";

export function ExportMenu() {
  const { t } = useTranslation();
  const empty = useEditor((s) => s.nodes.length === 0);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const root = useRef<HTMLDivElement>(null);
  // Re-render when the run or the graph changes, so the weights entry knows whether it can be offered.
  useRun((s) => s.experimentId + String(s.step));
  useEditor((s) => s.nodes);
  const trained = exportedExperiment() !== null;
  useEscape(() => setOpen(false), open);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", onDown);
    return () => window.removeEventListener("mousedown", onDown);
  }, [open]);

  const choose = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await downloadExport(format);
      setOpen(false);
    } catch (err) {
      reportError(t("exportCode.failed"), err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="tool-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        disabled={empty}
        title={t("exportCode.hint")}
        data-testid="export-code"
      >
        <CodeIcon size={15} />
        <span>{t("exportCode.button")}</span>
      </button>
      {open && (
        <div className="export-menu-list" role="menu" aria-label={t("exportCode.button")}>
          {EXPORT_FORMATS.map((format) => {
            const unavailable = NEEDS_WEIGHTS.includes(format) && !trained;
            return (
              <button
                key={format}
                type="button"
                role="menuitem"
                className="export-menu-item"
                disabled={unavailable || busy !== null}
                onClick={() => void choose(format)}
                data-testid={`export-${format}`}
              >
                <span className="export-menu-title">
                  {t(`exportCode.${format}.title`)}
                  <span className="export-menu-suffix">{t(`exportCode.${format}.suffix`)}</span>
                </span>
                <span className="export-menu-detail">
                  {busy === format
                    ? t("exportCode.preparing")
                    : unavailable
                      ? t("exportCode.trainFirst")
                      : t(`exportCode.${format}.detail`)}
                </span>
              </button>
            );
          })}
          <p className="export-menu-note">{trained ? t("exportCode.fromRun") : t("exportCode.fromEditor")}</p>
        </div>
      )}
    </div>
  );
}
