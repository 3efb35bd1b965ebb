// The top bar's way into the backprop explorer.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ExplorerDialog } from "./ExplorerDialog";

export function ExplorerButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="tool-button explorer-open"
        data-testid="explorer-open"
        title={t("explorer.openHint")}
        onClick={() => setOpen(true)}
      >
        ∂ {t("explorer.open")}
      </button>
      {open && <ExplorerDialog onClose={() => setOpen(false)} />}
    </>
  );
}
