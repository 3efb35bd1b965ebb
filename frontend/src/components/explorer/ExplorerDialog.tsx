// Backprop by hand: type an expression of named numbers, see its graph with every forward value, then walk the
// backward pass one node at a time (← / → step it too when the focus is not in a text field).
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../Overlay";
import { ExpressionField } from "./ExpressionField";
import { ExpressionGraph } from "./ExpressionGraph";
import { StepPanel } from "./StepPanel";
import { backwardView, formatNumber } from "./stepping";
import { useExplorer } from "./useExplorer";
import "./explorer.css";

const STEP_KEYS: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };

function useStepKeys(step: number, goTo: (step: number) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const delta = STEP_KEYS[e.key];
      if (delta === undefined || (e.target instanceof HTMLElement && e.target.closest("input"))) return;
      e.preventDefault();
      goTo(step + delta);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [step, goTo]);
}

export function ExplorerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const explorer = useExplorer();
  const { result, step, goTo } = explorer;
  const view = useMemo(() => (result ? backwardView(result, step) : null), [result, step]);
  useStepKeys(step, goTo);
  return (
    <Dialog
      name="explorer"
      title={t("explorer.title")}
      closeLabel={t("explorer.close")}
      onClose={onClose}
      className="explorer-dialog"
      testId="explorer-dialog"
      intro={<p className="explorer-intro">{t("explorer.intro")}</p>}
    >
      <ExpressionField
        expression={explorer.expression}
        onExpression={explorer.setExpression}
        onExample={explorer.choose}
        variables={explorer.variables}
        values={explorer.values}
        onValue={explorer.setValue}
        problem={explorer.problem}
      />
      <div className="explorer-body">
        {result && view && <StepPanel result={result} view={view} goTo={goTo} disabled={explorer.problem !== null} />}
        <div className={`explorer-canvas ${explorer.problem ? "is-stale" : ""}`}>
          {result && view ? (
            <>
              <div className="explorer-output" data-testid="explorer-output">
                f = {formatNumber(result.output)}
              </div>
              <ExpressionGraph result={result} view={view} />
            </>
          ) : (
            <p className="explorer-empty">{t(explorer.problem ? "explorer.fixFirst" : "explorer.computing")}</p>
          )}
        </div>
      </div>
    </Dialog>
  );
}
