// The top bar's way into the backprop explorer.
import { useTranslation } from "react-i18next";
import { usePanels } from "../../state/panels";
import { ExplorerDialog } from "./ExplorerDialog";

export function ExplorerButton() {
  const { t } = useTranslation();
  const open = usePanels((s) => s.explorerOpen);
  const setOpen = usePanels((s) => s.setExplorerOpen);
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
