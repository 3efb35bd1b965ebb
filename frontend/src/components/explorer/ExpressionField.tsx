// The expression input, the worked examples, a value field per variable the parser found, and the problem (if
// any) under the input with a caret at the character it is about.
import { useTranslation } from "react-i18next";
import { NumberInput } from "../NumberInput";
import { EXAMPLES, type Example } from "./examples";
import type { Problem } from "./useExplorer";

function ProblemBox({ expression, problem }: { expression: string; problem: Problem }) {
  const { t } = useTranslation();
  const message = problem.message ?? t("explorer.missingValue", { name: problem.variable });
  const column = problem.column;
  return (
    <div className="explorer-problem" role="alert" data-testid="explorer-error">
      {column !== null && (
        <pre className="explorer-caret" aria-hidden="true">
          {expression.slice(0, column - 1)}
          <mark>{expression.slice(column - 1, column) || " "}</mark>
          {expression.slice(column)}
          {"\n"}
          <span data-testid="explorer-caret">{`${" ".repeat(Math.max(0, column - 1))}^`}</span>
        </pre>
      )}
      <p>{message}</p>
    </div>
  );
}

type Props = {
  expression: string;
  onExpression: (text: string) => void;
  onExample: (example: Example) => void;
  variables: string[];
  values: Record<string, number | undefined>;
  onValue: (name: string, value: number | undefined) => void;
  problem: Problem | null;
};

export function ExpressionField(props: Props) {
  const { t } = useTranslation();
  const { problem } = props;
  return (
    <section className="explorer-input">
      <label className="explorer-expression-label">
        <span className="field-label">{t("explorer.expression")}</span>
        <input
          className="explorer-expression"
          data-testid="explorer-expression"
          value={props.expression}
          onChange={(e) => props.onExpression(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder={t("explorer.placeholder")}
          aria-invalid={problem?.column != null || undefined}
        />
      </label>
      <div className="explorer-examples">
        <span className="field-label">{t("explorer.examples")}</span>
        {EXAMPLES.map((example) => (
          <button
            type="button"
            key={example.id}
            className="explorer-example"
            data-testid={`explorer-example-${example.id}`}
            onClick={() => props.onExample(example)}
          >
            {example.expression}
          </button>
        ))}
      </div>
      {problem && <ProblemBox expression={props.expression} problem={problem} />}
      <div className="explorer-values" role="group" aria-label={t("explorer.values")}>
        {props.variables.map((name) => (
          <label key={name} className="explorer-value">
            <span className="explorer-value-name">{name} =</span>
            <NumberInput
              value={props.values[name]}
              onCommit={(v) => props.onValue(name, v)}
              invalid={problem?.variable === name}
              aria-label={t("explorer.valueOf", { name })}
              data-testid={`explorer-value-input-${name}`}
            />
          </label>
        ))}
      </div>
    </section>
  );
}
