// Every student of the room as a card: their newest run's status, loss, accuracy and recent losses, and their
// other runs; a click opens a run read-only.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { RoomMember, RunSummary } from "../../api/types";
import { RunDialog } from "./RunDialog";
import { Sparkline } from "./Sparkline";

const percent = (value: number | null | undefined) => (value == null ? "—" : `${(value * 100).toFixed(1)} %`);
const loss = (value: number | null | undefined) => (value == null ? "—" : value.toPrecision(3));

function RunLine({ run, onOpen }: { run: RunSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="room-run-line" onClick={onOpen} data-testid="room-run-line" data-run={run.id}>
      <span className={`room-status is-${run.status}`}>{t(`status.${run.status}`, { position: "" })}</span>
      <span>{run.dataset}</span>
      <span>{t("rooms.stepShort", { step: run.step })}</span>
      <span>{percent(run.accuracy)}</span>
    </button>
  );
}

function StudentCard({ member, onOpen }: { member: RoomMember; onOpen: (run: RunSummary) => void }) {
  const { t } = useTranslation();
  const [newest, ...older] = member.runs;
  return (
    <li className="room-card" data-testid="room-card" data-student={member.display_name}>
      <header className="room-card-head">
        <strong className="room-card-name">{member.display_name}</strong>
        <span className="room-card-count">{t("rooms.runCount", { count: member.runs.length })}</span>
      </header>
      {newest ? (
        <button type="button" className="room-card-main" onClick={() => onOpen(newest)} data-testid="room-card-run">
          <span className={`room-status is-${newest.status}`} data-testid="room-card-status">
            {t(`status.${newest.status}`, { position: "" })}
          </span>
          <span className="room-card-numbers">
            <span>
              {t("rooms.loss")} <strong data-testid="room-card-loss">{loss(newest.train_loss)}</strong>
            </span>
            <span>
              {t("rooms.accuracy")} <strong data-testid="room-card-accuracy">{percent(newest.accuracy)}</strong>
            </span>
          </span>
          <Sparkline losses={newest.losses} label={t("rooms.sparkline", { name: member.display_name })} />
          <span className="room-card-meta">
            {newest.dataset} · {t("rooms.paramsShort", { count: newest.total_params })}
          </span>
        </button>
      ) : (
        <p className="room-card-empty">{t("rooms.noRuns")}</p>
      )}
      {older.slice(0, 3).map((run) => (
        <RunLine key={run.id} run={run} onOpen={() => onOpen(run)} />
      ))}
    </li>
  );
}

export function StudentGrid({ members }: { members: RoomMember[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<{ run: string; student: string } | null>(null);
  if (members.length === 0) return <p className="room-empty">{t("rooms.noMembers")}</p>;
  return (
    <>
      <ul className="room-grid" data-testid="room-grid">
        {members.map((member) => (
          <StudentCard
            key={member.display_name}
            member={member}
            onOpen={(run) => setOpen({ run: run.id, student: member.display_name })}
          />
        ))}
      </ul>
      {open && <RunDialog runId={open.run} student={open.student} onClose={() => setOpen(null)} />}
    </>
  );
}
