// Worked examples offered under the expression, each with values that make its gradients worth a look.
export type Example = { id: string; expression: string; values: Record<string, number> };

export const EXAMPLES: readonly Example[] = [
  // a is used twice: its gradient is the sum of what both uses send back.
  { id: "reluProduct", expression: "(a*b + c) * relu(a)", values: { a: 2, b: -3, c: 10 } },
  // The classic neuron: the bias makes w·x + b ≈ 0.8814, where tanh' = 1 − 0.7071² ≈ 0.5.
  {
    id: "neuron",
    expression: "tanh(w1*x1 + w2*x2 + b)",
    values: { w1: -3, x1: 2, w2: 1, x2: 0, b: 6.8814 },
  },
  { id: "twice", expression: "a*b + a", values: { a: 2, b: 3 } },
  { id: "logistic", expression: "-log(sigmoid(w*x + b))", values: { w: 0.5, x: 2, b: -0.25 } },
];
