// The top bar's Share button.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ShareDialog } from "./ShareDialog";

export function ShareButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="tool-button share-open"
        data-testid="share-open"
        title={t("share.openHint")}
        onClick={() => setOpen(true)}
      >
        {t("share.open")}
      </button>
      {open && <ShareDialog onClose={() => setOpen(false)} />}
    </>
  );
}
