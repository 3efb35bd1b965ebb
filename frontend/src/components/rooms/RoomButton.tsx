// The top bar's classroom entry: the room a student is in (and leaving it), the teacher view of a room this
// browser runs, or the dialog to join or create one. Also applies the room's hidden and locked controls.
import { useTranslation } from "react-i18next";
import { controlsCss } from "../../lib/roomControls";
import { roomActions, useRoom } from "../../state/room";
import { useTeacher } from "../../state/teacher";
import { RoomDialog } from "./RoomDialog";
import { TeacherView } from "./TeacherView";
import "./rooms.css";

function StudentBadge() {
  const { t } = useTranslation();
  const view = useRoom((s) => s.view);
  const name = useRoom((s) => s.displayName);
  if (!view) return null;
  const leader = view.leaderboard[0];
  return (
    <div className="room-badge" data-testid="room-badge">
      <span className="room-badge-code">{view.code}</span>
      <span className="room-badge-name" data-testid="room-badge-name">
        {name}
      </span>
      {view.challenge && (
        <span className="room-badge-challenge" title={view.challenge.title} data-testid="room-badge-challenge">
          {t("rooms.challengeShort", { params: view.challenge.max_params, dataset: view.challenge.dataset })}
          {leader &&
            ` · ${t("rooms.leader", { name: leader.display_name, accuracy: (leader.accuracy * 100).toFixed(1) })}`}
        </span>
      )}
      {view.preset && (
        <button
          type="button"
          className="tool-button"
          onClick={() => void roomActions.loadShared()}
          title={t("rooms.loadSharedHint")}
          data-testid="room-load-shared"
        >
          {view.preset.lesson
            ? t("rooms.loadSharedLesson", { lesson: view.preset.lesson.lesson, step: view.preset.lesson.step })
            : t("rooms.loadShared")}
        </button>
      )}
      <button type="button" className="tool-button" onClick={() => void roomActions.leave()} data-testid="room-leave">
        {t("rooms.leave")}
      </button>
    </div>
  );
}

/** The teacher's hidden and locked controls as a style sheet (empty outside a room). */
function RoomLocks() {
  const controls = useRoom((s) => s.view?.controls);
  const css = controlsCss(controls);
  return css ? <style data-testid="room-locks">{css}</style> : null;
}

export function RoomButton() {
  const { t } = useTranslation();
  const inRoom = useRoom((s) => s.view !== null);
  const joinOpen = useRoom((s) => s.joinOpen);
  const held = useTeacher((s) => s.held);
  const teaching = useTeacher((s) => s.open);
  return (
    <>
      <StudentBadge />
      <RoomLocks />
      {held && (
        <button
          type="button"
          className="tool-button room-teach"
          onClick={() => useTeacher.getState().setOpen(true)}
          data-testid="room-teacher-open"
        >
          {t("rooms.teacherView", { code: held.code })}
        </button>
      )}
      {!inRoom && !held && (
        <button
          type="button"
          className="tool-button"
          onClick={() => useRoom.getState().setJoinOpen(true)}
          data-testid="room-open"
        >
          {t("rooms.open")}
        </button>
      )}
      {joinOpen && <RoomDialog />}
      {teaching && held && <TeacherView />}
    </>
  );
}
