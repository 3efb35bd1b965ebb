// How explainer results are drawn, by the `view` each explainer declares: bars (softmax, dropout), losses
// (cross-entropy), numbers (conv size), masks (Dice), merges (BPE), matrix (positional encodings), table
// (parameter count), dropout, statistics (batch norm).
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

type Result = Record<string, unknown>;
const num = (v: unknown, digits = 3) => (typeof v === "number" ? Number(v.toFixed(digits)).toString() : String(v));

function Bars({ values, labels, testId }: { values: number[]; labels: string[]; testId: string }) {
  const top = Math.max(1e-9, ...values.map(Math.abs));
  return (
    <div className="bars" data-testid={testId}>
      {values.map((v, i) => (
        <div className="bar-row" key={i}>
          <span className="bar-label">{labels[i]}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${(100 * Math.abs(v)) / top}%` }} />
          </span>
          <span className="bar-value">{num(v)}</span>
        </div>
      ))}
    </div>
  );
}

export function MaskGrid(props: { grid: number[][]; onPaint?: (grid: number[][]) => void; testId: string }) {
  const paint = (r: number, c: number) =>
    props.onPaint?.(props.grid.map((row, i) => row.map((v, j) => (i === r && j === c ? (v >= 0.5 ? 0 : 1) : v))));
  return (
    <div
      className="mask-grid"
      data-testid={props.testId}
      style={{ gridTemplateColumns: `repeat(${props.grid[0]?.length ?? 1}, 1fr)` }}
    >
      {props.grid.flatMap((row, r) =>
        row.map((v, c) => (
          <button
            type="button"
            key={`${r}-${c}`}
            className="mask-cell"
            style={{ opacity: 0.15 + 0.85 * v }}
            disabled={!props.onPaint}
            aria-label={`${r + 1},${c + 1}: ${v}`}
            onClick={() => paint(r, c)}
          />
        )),
      )}
    </div>
  );
}

function Heatmap({ matrix }: { matrix: number[][] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || !matrix.length) return;
    const rows = matrix.length;
    const cols = matrix[0]!.length;
    const image = ctx.createImageData(cols, rows);
    matrix.forEach((row, r) =>
      row.forEach((v, c) => {
        // −1 blue, 0 white, +1 orange: the two signs of the waves
        const k = 4 * (r * cols + c);
        const a = Math.min(1, Math.abs(v));
        const [red, green, blue] = v >= 0 ? [245, 130, 32] : [32, 110, 220];
        image.data[k] = 255 - a * (255 - red);
        image.data[k + 1] = 255 - a * (255 - green);
        image.data[k + 2] = 255 - a * (255 - blue);
        image.data[k + 3] = 255;
      }),
    );
    canvas.current!.width = cols;
    canvas.current!.height = rows;
    ctx.putImageData(image, 0, 0);
  }, [matrix]);
  return <canvas ref={canvas} className="heatmap" data-testid="explainer-heatmap" />;
}

function Steps({ steps }: { steps: unknown }) {
  if (!Array.isArray(steps) || !steps.length) return null;
  return (
    <ul className="worked-steps">
      {steps.map((s, i) => (
        <li key={i}>
          <code>{String(s)}</code>
        </li>
      ))}
    </ul>
  );
}

function Table({ rows, columns }: { rows: Result[]; columns: string[] }) {
  return (
    <table className="explainer-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>
                {Array.isArray(row[c]) ? (row[c] as unknown[]).map((v) => num(v)).join(" × ") : num(row[c])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExplainerResult({ view, result }: { view: string; result: Result }) {
  const { t } = useTranslation();
  if (view === "bars") {
    const p = result.probabilities as number[];
    return (
      <>
        <Bars values={p} labels={p.map((_, i) => `p${i}`)} testId="explainer-bars" />
        <Steps steps={result.steps} />
      </>
    );
  }
  if (view === "dropout") {
    const mean = result.mean_of_repeats as number[];
    return (
      <>
        <p className="result-caption">{t("lessons.dropoutTrain", { scale: num(result.scale) })}</p>
        <Bars values={result.train_output as number[]} labels={mean.map((_, i) => `x${i}`)} testId="explainer-bars" />
        <p className="result-caption">{t("lessons.dropoutMean")}</p>
        <Bars values={mean} labels={mean.map((_, i) => `x${i}`)} testId="explainer-mean-bars" />
      </>
    );
  }
  if (view === "losses") {
    return (
      <div className="loss-cards">
        {(result.models as Result[]).map((m) => (
          <div className="loss-card" key={String(m.name)}>
            <h4>{String(m.name)}</h4>
            <p className="big-number">
              {t("lessons.loss")} {num(m.loss)} · {t("lessons.accuracy")} {num(100 * (m.accuracy as number), 1)} %
            </p>
            <Steps steps={m.steps} />
          </div>
        ))}
      </div>
    );
  }
  if (view === "numbers") {
    return (
      <>
        <p className="big-number" data-testid="explainer-output-shape">
          {(result.output_shape as number[]).join(" × ")}
        </p>
        <p className="result-caption">{t("lessons.params", { count: result.params as number })}</p>
        <Steps steps={result.steps} />
      </>
    );
  }
  if (view === "masks") {
    return (
      <>
        <MaskGrid grid={result.overlap as number[][]} testId="explainer-overlap" />
        <p className="big-number">
          {t("lessons.diceJaccard", { dice: num(result.dice), jaccard: num(result.jaccard) })}
        </p>
        <Steps steps={result.steps} />
      </>
    );
  }
  if (view === "merges") {
    return (
      <>
        {result.stopped === "no_pair" && <p className="result-caption">{t("lessons.bpeStopped")}</p>}
        <ol className="merge-list" data-testid="explainer-merges">
          {(result.merges as Result[]).map((m) => (
            <li key={String(m.rank)}>
              <code>
                {(m.pair as string[]).map((s) => JSON.stringify(s)).join(" + ")} → {JSON.stringify(m.token)}
              </code>{" "}
              <span className="merge-count">×{String(m.count)}</span>
              <div className="merge-pieces">
                {(m.pieces as string[]).map((p, i) => (
                  <span key={i}>{p}</span>
                ))}
              </div>
            </li>
          ))}
        </ol>
      </>
    );
  }
  if (view === "matrix") {
    return (
      <>
        <Heatmap matrix={result.matrix as number[][]} />
        <p className="result-caption">{t("lessons.heatmapAxes")}</p>
        <Steps steps={result.steps} />
      </>
    );
  }
  if (view === "table") {
    return (
      <>
        <Table rows={result.nodes as Result[]} columns={["id", "type", "output_shape", "params"]} />
        <p className="big-number">{t("lessons.params", { count: result.total_params as number })}</p>
      </>
    );
  }
  return (
    <>
      <Table
        rows={result.batches as Result[]}
        columns={["mean", "var", "unbiased_var", "running_mean", "running_var"]}
      />
      <p className="big-number">
        {t("lessons.testOutput")} {num(result.test_output)}
      </p>
    </>
  );
}
