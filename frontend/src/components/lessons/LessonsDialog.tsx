// The course: pick a class and a lesson, step through it, load its preset onto the canvas or open its explainer.
// Texts come from GET /api/lessons in the interface's language, so a new lesson needs no code here.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { ExplainerInfo, LessonStep, LessonSummary, LessonView } from "../../api/types";
import { currentLanguage } from "../../i18n";
import { reportError } from "../../state/notices";
import { usePanels } from "../../state/panels";
import { Dialog } from "../Overlay";
import { ExplainerPanel } from "./ExplainerPanel";
import { Markdown } from "./Markdown";
import { loadPreset } from "./presets";
import "./lessons.css";

const CLASSES = [1, 2, 3, 4, 5, 6, 7];

function useCourse(lang: string) {
  const { t } = useTranslation();
  const [lessons, setLessons] = useState<LessonSummary[]>([]);
  const [explainers, setExplainers] = useState<ExplainerInfo[]>([]);
  useEffect(() => {
    const failed = (err: unknown) => reportError(t("lessons.loadFailed"), err);
    api.lessons(lang).then(setLessons, failed);
    api.explainers(lang).then(setExplainers, failed);
  }, [lang, t]);
  return { lessons, explainers };
}

function StepBody(props: { step: LessonStep; explainers: ExplainerInfo[]; onLoaded: () => void }) {
  const { t } = useTranslation();
  const { step } = props;
  const [showExplainer, setShowExplainer] = useState(false);
  const [busy, setBusy] = useState(false);
  const explainer = props.explainers.find((e) => e.name === step.explainer);
  const load = async () => {
    if (!step.preset) return;
    setBusy(true);
    try {
      if (await loadPreset(step.preset)) props.onLoaded();
    } catch (err) {
      reportError(t("lessons.loadFailed"), err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="lesson-step" data-testid="lesson-step">
      <h3>{step.title}</h3>
      <Markdown source={step.text} className="lesson-text" />
      {step.try_this.length > 0 && (
        <div className="lesson-box try">
          <h4>{t("lessons.tryThis")}</h4>
          <ul>
            {step.try_this.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {step.observe && (
        <div className="lesson-box observe">
          <h4>{t("lessons.observe")}</h4>
          <p>{step.observe}</p>
        </div>
      )}
      {step.views.length > 0 && (
        <p className="lesson-views">
          {t("lessons.views")}{" "}
          {step.views.map((v) => (
            <span className="view-chip" key={v}>
              {t(`lessons.view.${v}`, { defaultValue: v })}
            </span>
          ))}
        </p>
      )}
      <div className="lesson-actions">
        {step.preset && (
          <button
            type="button"
            className="tool-button lesson-primary"
            data-testid="lesson-load-preset"
            disabled={busy}
            onClick={() => void load()}
          >
            {t("lessons.loadPreset", { params: step.preset.total_params.toLocaleString() })}
          </button>
        )}
        {explainer && (
          <button
            type="button"
            className="tool-button"
            data-testid="lesson-open-explainer"
            onClick={() => setShowExplainer((s) => !s)}
          >
            {showExplainer ? t("lessons.hideExplainer") : t("lessons.openExplainer", { title: explainer.title })}
          </button>
        )}
      </div>
      {explainer && showExplainer && (
        <ExplainerPanel key={explainer.name} info={explainer} initial={step.explainer_input} />
      )}
    </div>
  );
}

export function LessonsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(); // re-renders on a language switch, which refetches the course
  const lang = currentLanguage();
  const { lessons, explainers } = useCourse(lang);
  const { classNumber, lessonId, step: stepIndex } = usePanels((s) => s.course);
  const setCourse = usePanels((s) => s.setCourse);
  const [lesson, setLesson] = useState<LessonView | null>(null);
  const chosenClass = classNumber ?? lessons.find((l) => l.id === lessonId)?.class_number ?? 1;
  const setStepIndex = (step: number) => setCourse({ step });
  const inClass = lessons.filter((l) => l.class_number === chosenClass);
  const shownId = lessonId ?? inClass[0]?.id ?? null;

  useEffect(() => {
    // The lesson on show is the course's place even before one is clicked, so a shared link names it.
    // Read the store afresh: a class chosen since this render must not get this class's lesson.
    const course = usePanels.getState().course;
    if (!course.lessonId && shownId && course.classNumber === chosenClass) setCourse({ lessonId: shownId });
  }, [shownId, chosenClass, setCourse]);

  useEffect(() => {
    if (!shownId) return;
    api.lesson(shownId, lang).then(
      (loaded) => {
        setLesson(loaded);
        setCourse({ title: loaded.title });
      },
      (err: unknown) => reportError(t("lessons.loadFailed"), err),
    );
  }, [shownId, lang, t, setCourse]);

  const step = lesson?.id === shownId ? lesson.steps[stepIndex] : undefined;
  return (
    <Dialog
      name="lessons"
      title={t("lessons.title")}
      closeLabel={t("lessons.close")}
      onClose={onClose}
      className="lessons-dialog"
      testId="lessons-dialog"
    >
      <nav className="class-tabs" aria-label={t("lessons.classes")}>
        {CLASSES.map((n) => (
          <button
            type="button"
            key={n}
            className={n === chosenClass ? "class-tab is-active" : "class-tab"}
            aria-pressed={n === chosenClass}
            data-testid={`lesson-class-${n}`}
            onClick={() =>
              setCourse({ classNumber: n, lessonId: lessons.find((l) => l.class_number === n)?.id ?? null, step: 0 })
            }
          >
            {t("lessons.classN", { n })}
          </button>
        ))}
      </nav>
      <div className="lessons-body">
        <ul className="lesson-list">
          {inClass.map((l) => (
            <li key={l.id}>
              <button
                type="button"
                className={l.id === shownId ? "lesson-item is-active" : "lesson-item"}
                data-testid={`lesson-${l.id}`}
                onClick={() => setCourse({ lessonId: l.id, step: 0 })}
              >
                <strong>{l.title}</strong>
                <span>{l.summary}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="lesson-main">
          {step && lesson && (
            <>
              <StepBody
                key={`${lesson.id}-${stepIndex}-${lang}`}
                step={step}
                explainers={explainers}
                onLoaded={onClose}
              />
              <footer className="step-nav">
                <button
                  type="button"
                  className="tool-button"
                  data-testid="lesson-prev"
                  disabled={stepIndex === 0}
                  onClick={() => setStepIndex(stepIndex - 1)}
                >
                  ← {t("lessons.previous")}
                </button>
                <span data-testid="lesson-progress">
                  {t("lessons.stepOf", { n: stepIndex + 1, total: lesson.steps.length })}
                </span>
                <button
                  type="button"
                  className="tool-button"
                  data-testid="lesson-next"
                  disabled={stepIndex + 1 >= lesson.steps.length}
                  onClick={() => setStepIndex(stepIndex + 1)}
                >
                  {t("lessons.next")} →
                </button>
              </footer>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
