// Plain <select>s shared by the top bar and the training sheet.

/** A select over a list of rates; a stored value not in the list stays selectable rather than showing another. */
export function RateSelect(props: {
  value: number;
  rates: readonly number[];
  onChange: (v: number) => void;
  testId: string;
}) {
  const rates = props.rates.includes(props.value) ? props.rates : [...props.rates, props.value].sort((a, b) => a - b);
  return (
    <select
      value={String(props.value)}
      onChange={(e) => props.onChange(Number(e.target.value))}
      data-testid={props.testId}
    >
      {rates.map((r) => (
        <option key={r} value={String(r)}>
          {r}
        </option>
      ))}
    </select>
  );
}

/** A select over named registry entries (optimizers, schedules), showing their titles. */
export function ChoiceSelect(props: {
  value: string;
  choices: readonly { name: string; title: string }[];
  onChange: (name: string) => void;
  testId: string;
}) {
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      {props.choices.map((o) => (
        <option key={o.name} value={o.name}>
          {o.title}
        </option>
      ))}
    </select>
  );
}
