// Previews of the kinds without a picture of their own: table heads, token sequences (with their text and a
// tokenizer's merges) and signal plots with anomalous steps marked. The data come from the dataset preview.
import { useTranslation } from "react-i18next";
import type { SequencePreview, TablePreview, TokenPreview } from "../../api/types";

const ROWS_SHOWN = 6;
const MERGES_SHOWN = 24;

function cell(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}

export function TableHead({ table }: { table: TablePreview }) {
  const { t } = useTranslation();
  return (
    <div className="table-preview" data-testid="table-preview">
      <table>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} title={c}>
                {c}
              </th>
            ))}
            <th>{t("data.label")}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.slice(0, ROWS_SHOWN).map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>{cell(v)}</td>
              ))}
              <td>{table.class_names[table.labels[i]] ?? table.labels[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="section-help">{t("data.tableHelp", { train: table.train_size, test: table.test_size })}</p>
    </div>
  );
}

export function TokenSamples({ tokens }: { tokens: TokenPreview }) {
  const { t } = useTranslation();
  return (
    <div className="token-preview" data-testid="token-preview">
      {tokens.samples.slice(0, ROWS_SHOWN).map((sample, i) => (
        <div key={i} className="token-sample">
          {sample.text != null && <p className="token-text">“{sample.text}”</p>}
          <p className="token-ids">
            {(sample.pieces ?? sample.tokens.map(String)).map((piece, j) => (
              <span key={j} className="token-chip" title={`id ${sample.tokens[j]}`}>
                {piece.replace(/ /g, "·").replace(/\n/g, "↵")}
              </span>
            ))}
            {sample.label != null && (
              <span className="token-label">→ {tokens.class_names[sample.label] ?? sample.label}</span>
            )}
          </p>
        </div>
      ))}
      {tokens.merges && tokens.merges.length > 0 && (
        <details className="token-merges" data-testid="bpe-merges">
          <summary>{t("data.merges", { count: tokens.merges.length })}</summary>
          <ol>
            {tokens.merges.slice(0, MERGES_SHOWN).map(([a, b], i) => (
              <li key={i}>
                <code>{a.replace(/ /g, "·")}</code> + <code>{b.replace(/ /g, "·")}</code>
              </li>
            ))}
          </ol>
        </details>
      )}
      <p className="section-help">{t("data.vocabulary", { count: tokens.vocab_size })}</p>
    </div>
  );
}

const PLOT_W = 240;
const PLOT_H = 54;

function SignalPlot({ x, anomalies }: { x: number[][]; anomalies: number[] | null | undefined }) {
  const values = x.map((step) => step[0]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const px = (i: number) => (i / Math.max(values.length - 1, 1)) * PLOT_W;
  const py = (v: number) => PLOT_H - 3 - ((v - lo) / (hi - lo || 1)) * (PLOT_H - 6);
  const path = values.map((v, i) => `${i ? "L" : "M"}${px(i).toFixed(1)},${py(v).toFixed(1)}`).join("");
  return (
    <svg className="signal-plot" viewBox={`0 0 ${PLOT_W} ${PLOT_H}`} role="img">
      <path d={path} fill="none" stroke="var(--accent, #2563eb)" strokeWidth="1.5" />
      {(anomalies ?? []).map((flag, i) =>
        flag ? <circle key={i} cx={px(i)} cy={py(values[i])} r="3" fill="#dc2626" data-anomaly="1" /> : null,
      )}
    </svg>
  );
}

export function SignalSamples({ sequences }: { sequences: SequencePreview }) {
  const { t } = useTranslation();
  const flagged = sequences.samples.some((s) => s.anomalies != null);
  return (
    <div className="signal-preview" data-testid="signal-preview">
      {sequences.samples.slice(0, 4).map((s, i) => (
        <SignalPlot key={i} x={s.x} anomalies={s.anomalies} />
      ))}
      <p className="section-help">{flagged ? t("data.anomaliesHelp") : t("data.signalsHelp")}</p>
    </div>
  );
}
