// The top bar's way into the course; where the course is (lesson, step) lives in the panels store.
import { useTranslation } from "react-i18next";
import { usePanels } from "../../state/panels";
import { LessonsDialog } from "./LessonsDialog";

export function LessonsButton() {
  const { t } = useTranslation();
  const open = usePanels((s) => s.course.open);
  const setCourse = usePanels((s) => s.setCourse);
  return (
    <>
      <button
        type="button"
        className="tool-button lessons-open"
        data-testid="lessons-open"
        title={t("lessons.openHint")}
        onClick={() => setCourse({ open: true })}
      >
        {t("lessons.open")}
      </button>
      {open && <LessonsDialog onClose={() => setCourse({ open: false })} />}
    </>
  );
}
