// One student's run, read-only: its network, settings and loss curves, fetched with the teacher's key. The
// teacher may copy the network into their own workspace (to show it on the projector), never change the run.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import type { Experiment, MetricsRow } from "../../api/types";
import { axisStyle, baseOptions, precision3, useUPlot } from "../../lib/chart";
import { appendRows, EMPTY_SERIES } from "../../state/series";
import { applyPreset } from "../../state/room";
import { heldApi } from "../../state/teacher";
import { reportError } from "../../state/notices";
import { TEST_COLOR, TRAIN_COLOR } from "../output/LossChart";
import { CloseIcon } from "../Icons";
import { Backdrop } from "../Overlay";

function Curves({ rows }: { rows: MetricsRow[] }) {
  const container = useRef<HTMLDivElement>(null);
  const series = appendRows({ ...EMPTY_SERIES }, rows);
  useUPlot(
    container,
    { minWidth: 320, height: 220 },
    () => ({
      ...baseOptions(6),
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [
        { ...axisStyle(), size: 30 },
        { ...axisStyle(), size: 48, values: precision3 },
      ],
      series: [
        {},
        { stroke: TRAIN_COLOR, width: 1.5, spanGaps: true, points: { show: false } },
        { stroke: TEST_COLOR, width: 2, spanGaps: true, points: { show: false } },
      ],
    }),
    (): uPlot.AlignedData => [series.steps, series.train, series.test],
    [rows],
  );
  return <div ref={container} data-testid="room-run-chart" />;
}

export function RunDialog({ runId, student, onClose }: { runId: string; student: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [experiment, setExperiment] = useState<Experiment | null>(null);
  const [rows, setRows] = useState<MetricsRow[]>([]);
  useEffect(() => {
    const api = heldApi();
    if (!api) return;
    let live = true;
    const load = () =>
      Promise.all([api.experiment(runId), api.metrics(runId)]).then(
        ([e, m]) => live && (setExperiment(e), setRows(m.rows)),
        (err: unknown) => reportError(t("rooms.runFailed"), err),
      );
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [runId, t]);
  const last = experiment?.last_metrics;
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
        {experiment && (
          <div className="room-run-body">
            <dl className="room-facts">
              <dt>{t("rooms.status")}</dt>
              <dd data-testid="room-run-status">{t(`status.${experiment.status}`)}</dd>
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
              <dt>{t("rooms.accuracy")}</dt>
              <dd>{last?.accuracy != null ? `${(last.accuracy * 100).toFixed(1)} %` : "—"}</dd>
            </dl>
            <Curves rows={rows} />
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
                }).then((ok) => ok && onClose())
              }
            >
              {t("rooms.copyToWorkspace")}
            </button>
          </div>
        )}
      </div>
    </Backdrop>
  );
}
