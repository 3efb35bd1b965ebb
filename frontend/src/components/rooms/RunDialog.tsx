// One student's run, read-only and live: the same views the student sees of it (status, numbers, loss and
// learning-rate charts, the decision boundary, the prediction and probe views) over its own experiment stream,
// opened with the teacher's key. No control changes the run; the teacher may copy the network into their own
// workspace (to show it on the projector).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { applyPreset } from "../../state/room";
import { type RoomRun, followRoomRun } from "../../state/roomRun";
import { RunScopeContext, useRunState } from "../../state/run";
import { heldApi, useTeacher } from "../../state/teacher";
import { reportError } from "../../state/notices";
import { CloseIcon } from "../Icons";
import { RunOutput } from "../output/OutputPanel";
import { Backdrop } from "../Overlay";
import { OutputProbes } from "../probes/OutputProbes";

function useRoomRun(runId: string): RoomRun | null {
  const { t } = useTranslation();
  const key = useTeacher((s) => s.held?.key);
  const [run, setRun] = useState<RoomRun | null>(null);
  useEffect(() => {
    const api = heldApi();
    if (!api || !key) return;
    let close: (() => void) | null = null;
    let live = true;
    followRoomRun(api, key, runId).then(
      (opened) => {
        if (!live) return opened.close();
        close = opened.close;
        setRun(opened.run);
      },
      (err: unknown) => reportError(t("rooms.runFailed"), err),
    );
    return () => {
      live = false;
      close?.();
    };
  }, [runId, key, t]);
  return run;
}

function Facts({ run }: { run: RoomRun }) {
  const { t } = useTranslation();
  const { experiment } = run;
  const step = useRunState((s) => s.step);
  return (
    <dl className="room-facts" data-testid="room-run-facts">
      <dt>{t("rooms.dataset")}</dt>
      <dd>{experiment.dataset.name}</dd>
      <dt>{t("rooms.params")}</dt>
      <dd>{experiment.total_params.toLocaleString()}</dd>
      <dt>{t("rooms.settings")}</dt>
      <dd>
        {t("rooms.settingsLine", {
          optimizer: experiment.training.optimizer,
          lr: experiment.training.lr,
          batch: experiment.training.batch_size,
        })}
      </dd>
      <dt>{t("rooms.stepTitle")}</dt>
      <dd data-testid="room-run-step">{step}</dd>
    </dl>
  );
}

function Network({ run, onCopied }: { run: RoomRun; onCopied: () => void }) {
  const { t } = useTranslation();
  const { experiment } = run;
  return (
    <section className="room-run-network">
      <h3>{t("rooms.network")}</h3>
      <ol className="room-layers" data-testid="room-run-layers">
        {(experiment.graph?.nodes ?? []).map((node) => (
          <li key={node.id}>
            <strong>{node.type}</strong> {node.id}
            {node.params && Object.keys(node.params).length > 0 && (
              <span className="room-layer-params"> {JSON.stringify(node.params)}</span>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="tool-button room-copy"
        onClick={() =>
          experiment.graph &&
          void applyPreset({
            graph: experiment.graph,
            dataset: experiment.dataset,
            training: experiment.training,
          }).then((ok) => ok && onCopied())
        }
        data-testid="room-run-copy"
      >
        {t("rooms.copyToWorkspace")}
      </button>
    </section>
  );
}

export function RunDialog({ runId, student, onClose }: { runId: string; student: string; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useRoomRun(runId);
  return (
    <Backdrop onClose={onClose}>
      <div
        className="dialog room-run-dialog"
        role="dialog"
        aria-label={t("rooms.runTitle", { name: student })}
        data-testid="room-run"
      >
        <header className="dialog-head">
          <h2>
            {t("rooms.runTitle", { name: student })} <span className="room-readonly">{t("rooms.readOnly")}</span>
          </h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t("rooms.close")}>
            <CloseIcon />
          </button>
        </header>
        {run && (
          <RunScopeContext.Provider value={run.scope}>
            <div className="room-run-body">
              <div className="room-run-side">
                <Facts run={run} />
                <Network run={run} onCopied={onClose} />
              </div>
              <div className="room-run-views" data-testid="room-run-views">
                <RunOutput />
              </div>
              <div className="room-run-probes">
                <OutputProbes />
              </div>
            </div>
          </RunScopeContext.Provider>
        )}
      </div>
    </Backdrop>
  );
}
