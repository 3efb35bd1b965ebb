// The "Graph" tab of the output panel: the backprop graph is computed only while it is open.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { GraphView } from "./GraphView";

export function GraphSection() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="graph-section">
      <button
        type="button"
        className={`graph-tab${open ? " is-on" : ""}`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="graph-tab"
      >
        {open ? "▾" : "▸"} {t("probes.graph.tab")}
      </button>
      {open && <GraphView />}
    </div>
  );
}
