// The explorer's state: the typed expression, its variables (asked of the server's parser), their values, the
// server's answer and the backward step shown. Requests are debounced and a stale answer never overwrites a
// newer one.
import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import type { BackpropResult } from "../../api/types";
import { EXAMPLES, type Example } from "./examples";
import { clampStep } from "./stepping";

const DEBOUNCE_MS = 180;
const DEFAULT_VALUE = 1;

/**
 * What is wrong, where: a 1-based column in the expression and the value field it is about, if any. A null
 * message is a value field left empty (said in the user's language by the view).
 */
export type Problem = { message: string | null; column: number | null; variable: string | null };

function toProblem(err: unknown): Problem {
  if (err instanceof ApiError && err.items.length > 0) {
    const item = err.items[0]!;
    const variable = item.field?.startsWith("values.") ? item.field.slice("values.".length) : null;
    return { message: item.message, column: item.column ?? null, variable };
  }
  return { message: err instanceof Error ? err.message : String(err), column: null, variable: null };
}

/** Runs `task` after a pause in typing; its answer is dropped if the inputs changed meanwhile. */
function useDebounced(task: (live: () => boolean) => Promise<void>, deps: unknown[]): void {
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => void task(() => live), DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, deps);
}

export function useExplorer(initial: Example = EXAMPLES[0]!) {
  const [expression, setExpression] = useState(initial.expression);
  const [values, setValues] = useState<Record<string, number | undefined>>(initial.values);
  // The variables and the expression they were parsed from, so a new expression never runs with old names.
  const [parsed, setParsed] = useState<{ expression: string; variables: string[] } | null>(null);
  const [result, setResult] = useState<BackpropResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [step, setStep] = useState(0);
  const shownExpression = useRef<string | null>(null);

  useDebounced(
    async (live) => {
      try {
        const answer = await api.parseExpression(expression);
        if (!live()) return;
        setParsed({ expression, variables: answer.variables });
        setValues((old) => {
          const next = { ...old };
          for (const name of answer.variables) if (!(name in next)) next[name] = DEFAULT_VALUE;
          return next;
        });
      } catch (err) {
        // The last good graph and value fields stay (dimmed) while the expression is being fixed.
        if (live()) setProblem(toProblem(err));
      }
    },
    [expression],
  );

  useDebounced(
    async (live) => {
      if (parsed === null || parsed.expression !== expression) return;
      const missing = parsed.variables.find((name) => values[name] === undefined);
      if (missing !== undefined) {
        setProblem({ message: null, column: null, variable: missing });
        return;
      }
      try {
        const given = Object.fromEntries(parsed.variables.map((name) => [name, values[name]!]));
        const answer = await api.backprop(expression, given);
        if (!live()) return;
        setProblem(null);
        // A new value keeps the step shown, so a student sees the gradients change; a new expression restarts.
        setStep((s) => (shownExpression.current === answer.expression ? clampStep(answer, s) : 0));
        shownExpression.current = answer.expression;
        setResult(answer);
      } catch (err) {
        if (live()) setProblem(toProblem(err));
      }
    },
    [parsed, expression, values],
  );

  const variables = parsed?.variables ?? [];
  // A new expression is a new graph: its backward pass starts from the beginning, whatever answer comes first.
  const edit = (next: string) => {
    if (next === expression) return;
    shownExpression.current = null;
    setStep(0);
    setExpression(next);
  };
  const choose = (example: Example) => {
    setValues((old) => ({ ...old, ...example.values }));
    edit(example.expression);
  };
  const setValue = (name: string, value: number | undefined) => setValues((old) => ({ ...old, [name]: value }));
  const goTo = (next: number) => result && setStep(clampStep(result, next));
  return { expression, setExpression: edit, choose, variables, values, setValue, result, problem, step, goTo };
}
