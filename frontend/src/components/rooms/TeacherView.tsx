// The teacher's room dashboard, made for a projector: the join code large, every student's runs live (polled),
// what to share (the current workspace as a preset), pause / resume / stop everything, the challenge and locks.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RoomAffected, TrainingSettings } from "../../api/types";
import { toSpec } from "../../lib/graphSpec";
import { useEditor } from "../../state/editor";
import { useNotices } from "../../state/notices";
import { usePanels } from "../../state/panels";
import { sharedLessonPlace } from "../../state/sharing";
import { TEACHER_POLL_MS, teacherActions, useTeacher } from "../../state/teacher";
import { NumberInput } from "../NumberInput";
import { StudentGrid } from "./StudentGrid";
import { TeacherSide } from "./TeacherSide";

function usePolling(): void {
  useEffect(() => {
    void teacherActions.refresh();
    const timer = setInterval(() => void teacherActions.refresh(), TEACHER_POLL_MS);
    return () => clearInterval(timer);
  }, []);
}

type LessonPlace = ReturnType<typeof sharedLessonPlace>;

function pushWorkspace(lesson: LessonPlace, failure: string, done: string): void {
  const { nodes, edges, dataset, training } = useEditor.getState();
  const preset = {
    graph: toSpec(nodes, edges, true),
    dataset,
    training: training as TrainingSettings,
    // the course counts steps from 0, a room's preset from 1
    ...(lesson ? { lesson: { lesson: lesson.id, step: lesson.step + 1 } } : {}),
  };
  void teacherActions
    .apply((api) => api.pushPreset(preset), failure)
    .then((ok) => ok && useNotices.getState().push({ kind: "info", title: done, message: "" }));
}

/** The course's open lesson step, offered with the shared workspace (it opens there on every student's page). */
function LessonOption({ place, on, setOn }: { place: LessonPlace; on: boolean; setOn: (on: boolean) => void }) {
  const { t } = useTranslation();
  if (!place) return null;
  return (
    <label className="room-push-lesson">
      <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="room-push-lesson" />
      {t("rooms.pushLesson", { lesson: place.title, step: place.step + 1 })}
    </label>
  );
}

function BulkActions() {
  const { t } = useTranslation();
  const course = usePanels((s) => s.course);
  const place = useMemo(sharedLessonPlace, [course]);
  const [withLesson, setWithLesson] = useState(false);
  const act = (action: RoomAffected["action"]) =>
    void teacherActions.apply((api) => api.actAll(action), t("rooms.actFailed"));
  return (
    <div className="room-actions">
      <button
        type="button"
        className="tool-button is-primary"
        onClick={() => pushWorkspace(withLesson ? place : null, t("rooms.pushFailed"), t("rooms.pushed"))}
        data-testid="room-push"
        title={t("rooms.pushHint")}
      >
        {t("rooms.push")}
      </button>
      <LessonOption place={place} on={withLesson} setOn={setWithLesson} />
      <button type="button" className="tool-button" onClick={() => act("pause")} data-testid="room-pause-all">
        {t("rooms.pauseAll")}
      </button>
      <button type="button" className="tool-button" onClick={() => act("resume")} data-testid="room-resume-all">
        {t("rooms.resumeAll")}
      </button>
      <button type="button" className="tool-button is-danger" onClick={() => act("stop")} data-testid="room-stop-all">
        {t("rooms.stopAll")}
      </button>
    </div>
  );
}

function QuotaField({ quota }: { quota: number }) {
  const { t } = useTranslation();
  const change = (value: number | undefined) =>
    value !== undefined &&
    value >= 1 &&
    value <= 16 &&
    value !== quota &&
    void teacherActions.apply((api) => api.setQuota(value), t("rooms.quotaFailed"));
  return (
    <label className="room-quota">
      <span className="field-label">{t("rooms.quota")}</span>
      <NumberInput value={quota} min={1} max={16} integer onCommit={change} data-testid="room-quota" />
    </label>
  );
}

/** The new room's key, hidden until asked for: the teacher view is usually on the projector. */
function KeyNotice() {
  const { t } = useTranslation();
  const created = useTeacher((s) => s.created);
  const [shown, setShown] = useState(false);
  if (!created) return null;
  return (
    <div className="room-key-notice" role="note" data-testid="room-key">
      <span>{t("rooms.keyNotice")}</span>
      {shown ? (
        <code data-testid="room-key-value">{created.teacher_key}</code>
      ) : (
        <button type="button" className="tool-button" onClick={() => setShown(true)} data-testid="room-key-show">
          {t("rooms.keyShow")}
        </button>
      )}
      <button type="button" className="tool-button" onClick={() => useTeacher.setState({ created: null })}>
        {t("rooms.keyNoted")}
      </button>
    </div>
  );
}

export function TeacherView() {
  const { t } = useTranslation();
  const held = useTeacher((s) => s.held);
  const state = useTeacher((s) => s.state);
  usePolling();
  if (!held) return null;
  const link = `${window.location.origin}/?room=${held.code}`;
  return (
    <div className="teacher-view" role="region" aria-label={t("rooms.teacherTitle")} data-testid="teacher-view">
      <header className="teacher-head">
        <div>
          <h2 className="teacher-room-name">{state?.name ?? held.name}</h2>
          <p className="teacher-join">
            {t("rooms.joinAt")} <span className="teacher-link">{link}</span>
          </p>
        </div>
        <div className="teacher-code" data-testid="room-code" aria-label={t("rooms.code")}>
          {held.code}
        </div>
        <div className="teacher-head-actions">
          <button
            type="button"
            className="tool-button"
            onClick={() => useTeacher.getState().setOpen(false)}
            data-testid="room-teacher-close"
          >
            {t("rooms.backToWorkspace")}
          </button>
          <button type="button" className="tool-button" onClick={() => teacherActions.forget()}>
            {t("rooms.forget")}
          </button>
        </div>
      </header>
      <KeyNotice />
      <div className="teacher-bar">
        <BulkActions />
        {state && <QuotaField quota={state.quota} />}
        {state && (
          <span className="teacher-counts" data-testid="room-member-count">
            {t("rooms.memberCount", { count: state.members.length })}
            {state.preset_version > 0 && ` · ${t("rooms.presetVersion", { version: state.preset_version })}`}
          </span>
        )}
      </div>
      <div className="teacher-body">
        <main className="teacher-main">{state && <StudentGrid members={state.members} />}</main>
        {state && <TeacherSide state={state} />}
      </div>
    </div>
  );
}
