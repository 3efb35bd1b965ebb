// The "Graph" button of the output panel: the backprop graph opens in a large dialog (it needs the room of the
// screen on a projector) and is computed only while the dialog is open.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CloseIcon } from "../Icons";
import { Backdrop } from "../Overlay";
import { GraphView } from "./GraphView";

export function GraphSection() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="graph-section">
      <button type="button" className="graph-tab" onClick={() => setOpen(true)} data-testid="graph-tab">
        {t("probes.graph.tab")}
      </button>
      {open && (
        <Backdrop onClose={() => setOpen(false)}>
          <div
            className="dialog graph-dialog"
            role="dialog"
            aria-modal="true"
            aria-label={t("probes.graph.title")}
            data-testid="graph-dialog"
          >
            <button
              type="button"
              className="icon-button graph-close"
              onClick={() => setOpen(false)}
              aria-label={t("probes.graph.close")}
            >
              <CloseIcon />
            </button>
            <GraphView />
          </div>
        </Backdrop>
      )}
    </div>
  );
}
