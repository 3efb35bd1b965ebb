// Stepping the backward pass: the buttons, and what the current step does in words (its gradient, each local
// gradient and what it sends to each input).
import { useTranslation } from "react-i18next";
import type { BackpropResult } from "../../api/types";
import { type BackwardView, formatNumber, sumText } from "./stepping";

function Controls({ view, goTo, disabled }: { view: BackwardView; goTo: (step: number) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const { step, total } = view;
  const button = (id: string, label: string, target: number, off: boolean) => (
    <button
      type="button"
      className="explorer-step-button"
      data-testid={`explorer-${id}`}
      onClick={() => goTo(target)}
      disabled={disabled || off}
    >
      {label}
    </button>
  );
  return (
    <div className="explorer-controls" role="group" aria-label={t("explorer.stepping")}>
      {button("reset", t("explorer.reset"), 0, step === 0)}
      {button("back", t("explorer.stepBack"), step - 1, step === 0)}
      {button("forward", t("explorer.stepForward"), step + 1, step >= total)}
      {button("run-all", t("explorer.runAll"), total, step >= total)}
      <span className="explorer-step-count" data-testid="explorer-step-count">
        {t("explorer.stepCount", { step, total })}
      </span>
    </div>
  );
}

function Explanation({ result, view }: { result: BackpropResult; view: BackwardView }) {
  const { t } = useTranslation();
  const current = view.current;
  if (current === null) {
    return (
      <p>
        {t(view.total > 0 ? "explorer.forwardDone" : "explorer.nothingToDo", { output: formatNumber(result.output) })}
      </p>
    );
  }
  const nodeView = view.nodes.get(current.id)!;
  // An input is named by its variable or number, else by its subexpression.
  const names = new Map(
    result.nodes.map((n) => [n.id, n.op === "variable" || n.op === "constant" ? n.label : `(${n.text})`]),
  );
  const grad = formatNumber(current.grad ?? 0);
  const sums = nodeView.terms.length > 1 ? sumText(nodeView.terms.map((term) => term.value)) : null;
  const isLeaf = current.inputs.length === 0;
  return (
    <>
      <h3 className="explorer-visit">
        {current.text === current.label
          ? t("explorer.visitingNamed", { label: current.label })
          : t("explorer.visiting", { label: current.label, text: current.text })}
      </h3>
      <p hidden={isLeaf && sums === null && current.id !== result.output_id}>
        {current.id === result.output_id
          ? t("explorer.seed")
          : sums
            ? t("explorer.gradSum", { grad, sum: sums, uses: nodeView.uses })
            : t("explorer.gradIs", { grad })}
      </p>
      {isLeaf ? (
        <p>{t("explorer.leaf", { name: current.label, grad })}</p>
      ) : (
        <ul className="explorer-sends">
          {current.inputs.map((edge, slot) => {
            const input = names.get(edge.source) ?? edge.source;
            return (
              <li key={slot}>
                {edge.local_grad === null || edge.contribution === null
                  ? t("explorer.constantInput", { input })
                  : t("explorer.sends", {
                      input,
                      rule: edge.rule,
                      local: formatNumber(edge.local_grad),
                      grad,
                      contribution: formatNumber(edge.contribution),
                    })}
              </li>
            );
          })}
        </ul>
      )}
      {view.step === view.total && <p className="explorer-done">{t("explorer.done")}</p>}
    </>
  );
}

type Props = { result: BackpropResult; view: BackwardView; goTo: (step: number) => void; disabled: boolean };

export function StepPanel(props: Props) {
  const { t } = useTranslation();
  return (
    <section className={`explorer-steps ${props.disabled ? "is-stale" : ""}`} aria-label={t("explorer.backward")}>
      <Controls view={props.view} goTo={props.goTo} disabled={props.disabled} />
      <div className="explorer-explanation" data-testid="explorer-explanation" aria-live="polite">
        <Explanation result={props.result} view={props.view} />
      </div>
      <dl className="explorer-legend">
        <dt>= </dt>
        <dd>{t("explorer.legend.value")}</dd>
        <dt>∇</dt>
        <dd>{t("explorer.legend.grad")}</dd>
        <dt>∂</dt>
        <dd>{t("explorer.legend.local")}</dd>
        <dt>←</dt>
        <dd>{t("explorer.legend.sent")}</dd>
      </dl>
    </section>
  );
}
