// The teacher view's side column: the challenge (set, end) and its live leaderboard, and which parts of the
// students' workspace are hidden or locked.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RoomControl, RoomControls, RoomState } from "../../api/types";
import { CONTROL_ORDER } from "../../lib/roomControls";
import { useCatalog } from "../../state/catalog";
import { teacherActions } from "../../state/teacher";

function ChallengeForm() {
  const { t } = useTranslation();
  const datasets = useCatalog((s) => s.datasets);
  const [title, setTitle] = useState(t("rooms.challengeDefault"));
  const [dataset, setDataset] = useState("spiral");
  const [maxParams, setMaxParams] = useState(100);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void teacherActions.apply(
      (api) => api.setChallenge({ title, dataset, max_params: maxParams, metric: "accuracy" }),
      t("rooms.challengeFailed"),
    );
  };
  return (
    <form className="room-form room-challenge-form" onSubmit={submit} data-testid="room-challenge-form">
      <label>
        <span className="field-label">{t("rooms.challengeTitle")}</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} />
      </label>
      <label>
        <span className="field-label">{t("rooms.dataset")}</span>
        <select value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="room-challenge-dataset">
          {datasets
            .filter((d) => !d.name.startsWith("upload:"))
            .map((d) => (
              <option key={d.name} value={d.name}>
                {d.title}
              </option>
            ))}
        </select>
      </label>
      <label>
        <span className="field-label">{t("rooms.maxParams")}</span>
        <input
          type="number"
          min={1}
          value={maxParams}
          onChange={(e) => setMaxParams(Math.max(1, Number(e.target.value) || 1))}
          data-testid="room-challenge-max"
        />
      </label>
      <button type="submit" className="tool-button is-primary" data-testid="room-challenge-start">
        {t("rooms.challengeStart")}
      </button>
    </form>
  );
}

function Leaderboard({ state }: { state: RoomState }) {
  const { t } = useTranslation();
  const challenge = state.challenge;
  if (!challenge) return null;
  return (
    <div className="room-leaderboard">
      <p className="room-challenge-line" data-testid="room-challenge">
        <strong>{challenge.title}</strong>:{" "}
        {t("rooms.challengeRule", { dataset: challenge.dataset, params: challenge.max_params })}
      </p>
      {state.leaderboard.length === 0 ? (
        <p className="section-help">{t("rooms.leaderboardEmpty")}</p>
      ) : (
        <table className="room-board" data-testid="room-leaderboard">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("rooms.student")}</th>
              <th>{t("rooms.accuracy")}</th>
              <th>{t("rooms.params")}</th>
            </tr>
          </thead>
          <tbody>
            {state.leaderboard.map((entry) => (
              <tr key={entry.display_name} data-testid="room-leaderboard-row" data-student={entry.display_name}>
                <td>{entry.rank}</td>
                <td>{entry.display_name}</td>
                <td>{(entry.accuracy * 100).toFixed(1)} %</td>
                <td>{entry.total_params.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="tool-button"
        onClick={() => void teacherActions.apply((api) => api.endChallenge(), t("rooms.challengeFailed"))}
        data-testid="room-challenge-end"
      >
        {t("rooms.challengeEnd")}
      </button>
    </div>
  );
}

function toggled(controls: RoomControls, kind: "hidden" | "locked", name: RoomControl, on: boolean): RoomControls {
  const current = controls[kind] ?? [];
  return { ...controls, [kind]: on ? [...current, name] : current.filter((c) => c !== name) };
}

function ControlsTable({ controls }: { controls: RoomControls }) {
  const { t } = useTranslation();
  const set = (next: RoomControls) =>
    void teacherActions.apply((api) => api.setControls(next), t("rooms.controlsFailed"));
  return (
    <table className="room-controls" data-testid="room-controls">
      <thead>
        <tr>
          <th>{t("rooms.control")}</th>
          <th>{t("rooms.hide")}</th>
          <th>{t("rooms.lock")}</th>
        </tr>
      </thead>
      <tbody>
        {CONTROL_ORDER.map((name) => (
          <tr key={name}>
            <td>{t(`rooms.controls.${name}`)}</td>
            {(["hidden", "locked"] as const).map((kind) => (
              <td key={kind}>
                <input
                  type="checkbox"
                  aria-label={`${t(`rooms.controls.${name}`)}: ${t(kind === "hidden" ? "rooms.hide" : "rooms.lock")}`}
                  checked={(controls[kind] ?? []).includes(name)}
                  onChange={(e) => set(toggled(controls, kind, name, e.target.checked))}
                  data-testid={`room-${kind}-${name}`}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeacherSide({ state }: { state: RoomState }) {
  const { t } = useTranslation();
  return (
    <aside className="room-side">
      <section className="room-panel">
        <h3>{t("rooms.challenge")}</h3>
        {state.challenge ? <Leaderboard state={state} /> : <ChallengeForm />}
      </section>
      <section className="room-panel">
        <h3>{t("rooms.controlsTitle")}</h3>
        <ControlsTable controls={state.controls} />
      </section>
    </aside>
  );
}
