// The top bar's way into the course.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LessonsDialog } from "./LessonsDialog";

export function LessonsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="tool-button lessons-open"
        data-testid="lessons-open"
        title={t("lessons.openHint")}
        onClick={() => setOpen(true)}
      >
        {t("lessons.open")}
      </button>
      {open && <LessonsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
