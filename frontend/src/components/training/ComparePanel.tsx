// The compare view: a full-width dialog listing the session's experiments; the checked ones overlay their
// test-loss curves in one chart and their differing settings side by side.
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Experiment, MetricsRow } from "../../api/types";
import { axisStyle, baseOptions, precision3, useUPlot } from "../../lib/chart";
import { diffLabel, diffRows, formatSetting, mergeSeries } from "../../lib/training";
import { compareActions, useCompare } from "../../state/compare";
import { Backdrop } from "../Overlay";

export const COMPARE_COLORS = ["#0877bd", "#f59322", "#1f8a4c", "#c9302c", "#7b4fc9", "#17a2b8", "#8a6d3b", "#e83e8c"];
const HEIGHT = 260;

function colorOf(i: number): string {
  return COMPARE_COLORS[i % COMPARE_COLORS.length];
}

function lastLoss(rows: MetricsRow[] | undefined): number | null {
  if (!rows) return null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const v = rows[i].test_loss;
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return null;
}

function formatLast(v: number | null): string {
  if (v === null) return "–";
  return Math.abs(v) >= 10_000 || (v !== 0 && Math.abs(v) < 0.001) ? v.toExponential(2) : v.toFixed(3);
}

function CompareChart({
  ids,
  names,
  metrics,
}: {
  ids: string[];
  names: string[];
  metrics: Record<string, MetricsRow[]>;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const data = useMemo(() => mergeSeries(metrics, ids, "test_loss"), [metrics, ids]);
  const key = `${ids.join(",")}|${names.join(",")}`;

  // Rebuilt when the runs shown change; new rows only update the data.
  const plot = useUPlot(
    container,
    { minWidth: 300, height: HEIGHT },
    () => {
      const axis = axisStyle();
      return {
        ...baseOptions(6),
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
        axes: [
          { ...axis, size: 30, label: t("output.step"), labelSize: 16, labelFont: axis.font },
          {
            ...axis,
            size: 46,
            label: t("output.testLoss"),
            labelSize: 16,
            labelFont: axis.font,
            values: precision3,
          },
        ],
        series: [
          { label: t("output.step") },
          ...names.map((name, i) => ({
            label: name,
            stroke: colorOf(i),
            width: 2,
            spanGaps: true,
            points: { show: false },
          })),
        ],
      };
    },
    () => [[]],
    [key, t],
  );

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, key]);

  return <div ref={container} className="compare-chart" data-testid="compare-chart" data-series={ids.length} />;
}

function ExperimentRow({ exp, checked, color }: { exp: Experiment; checked: boolean; color: string | null }) {
  const { t } = useTranslation();
  const training = exp.training as { optimizer?: string; lr?: number };
  return (
    <li className={`compare-item ${checked ? "is-checked" : ""}`}>
      <label>
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => compareActions.toggle(exp.id, e.target.checked)}
          data-testid={`compare-check-${exp.id}`}
        />
        {color && <span className="legend-swatch" style={{ background: color }} />}
        <span className="compare-name">{exp.name}</span>
      </label>
      <span className={`compare-meta status-${exp.status}`}>
        {exp.status === "queued" && exp.queue_position == null
          ? t("compare.queued")
          : t(`status.${exp.status}`, { position: exp.queue_position ?? "?", defaultValue: exp.status })}{" "}
        · {training.optimizer} · {t("compare.lr", { lr: training.lr })} · {t("compare.steps", { step: exp.step })}
      </span>
    </li>
  );
}

export function ComparePanel() {
  const { t } = useTranslation();
  const open = useCompare((s) => s.open);
  const experiments = useCompare((s) => s.experiments);
  const selected = useCompare((s) => s.selected);
  const comparison = useCompare((s) => s.comparison);
  const racing = useCompare((s) => s.racing);

  if (!open) return null;
  // The runs shown: the selection, in selection order, as far as the comparison has them.
  const shown = selected.filter((id) => comparison?.experiments.some((e) => e.id === id));
  const byId = new Map((comparison?.experiments ?? []).map((e) => [e.id, e]));
  const names = shown.map((id) => byId.get(id)?.name ?? id);
  const rows = comparison ? diffRows(comparison.diff, shown) : [];
  const metrics = comparison?.metrics ?? {};

  return (
    <Backdrop onClose={compareActions.close}>
      <div
        className="dialog compare-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t("compare.title")}
        data-testid="compare-view"
      >
        <header className="dialog-head">
          <h2>{t("compare.title")}</h2>
          <p className="training-hint">{t("compare.help")}</p>
          <button
            type="button"
            className="tool-button"
            disabled={racing}
            onClick={() => void compareActions.race()}
            data-testid="compare-race"
          >
            {racing ? t("compare.racing") : t("compare.race")}
          </button>
          <button type="button" className="tool-button" onClick={compareActions.close} data-testid="compare-close">
            {t("compare.close")}
          </button>
        </header>
        <div className="compare-body">
          <ul className="compare-list" data-testid="compare-list">
            {experiments.length === 0 && <li className="training-hint">{t("compare.none")}</li>}
            {experiments.map((exp) => {
              const i = shown.indexOf(exp.id);
              return (
                <ExperimentRow
                  key={exp.id}
                  exp={exp}
                  checked={selected.includes(exp.id)}
                  color={i >= 0 ? colorOf(i) : null}
                />
              );
            })}
          </ul>
          <div className="compare-main">
            {shown.length === 0 ? (
              <p className="chart-empty static">{t("compare.pick")}</p>
            ) : (
              <>
                <div className="chart-legend compare-legend" data-testid="compare-legend">
                  {shown.map((id, i) => (
                    <span key={id} className="legend-item" data-testid="compare-legend-item">
                      <span className="legend-swatch" style={{ background: colorOf(i) }} />
                      {names[i]}
                      <span className="legend-value">{formatLast(lastLoss(metrics[id]))}</span>
                    </span>
                  ))}
                </div>
                <CompareChart ids={shown} names={names} metrics={metrics} />
                <h3 className="compare-subtitle">{t("compare.diffTitle")}</h3>
                {rows.length === 0 ? (
                  <p className="training-hint">{t("compare.noDiff")}</p>
                ) : (
                  <div className="diff-scroll">
                    <table className="diff-table" data-testid="compare-diff">
                      <thead>
                        <tr>
                          <th>{t("compare.setting")}</th>
                          {shown.map((id, i) => (
                            <th key={id}>
                              <span className="legend-swatch" style={{ background: colorOf(i) }} />
                              {names[i]}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((row) => (
                          <tr key={row.key} data-testid={`diff-row-${row.key}`}>
                            <th scope="row">{diffLabel(row.key)}</th>
                            {row.values.map((v, i) => (
                              <td key={shown[i]}>{v === null || v === undefined ? "–" : formatSetting(v)}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </>
            )}
          </div>
        </div>
      </div>
    </Backdrop>
  );
}
