// A number box that lets the user type freely (an empty or partial value while typing) and commits valid
// numbers only.
import { useEffect, useState } from "react";

type Props = {
  value: number | null | undefined;
  onCommit: (value: number | undefined) => void;
  min?: number | null;
  max?: number | null;
  step?: number | "any";
  integer?: boolean;
  placeholder?: string;
  id?: string;
  className?: string;
  invalid?: boolean;
  "aria-label"?: string;
  "data-testid"?: string;
};

export function NumberInput({ value, onCommit, min, max, step, integer, placeholder, invalid, ...rest }: Props) {
  const shown = value === null || value === undefined ? "" : String(value);
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);

  const commit = (text: string) => {
    if (text.trim() === "") return onCommit(undefined);
    const parsed = Number(text);
    if (!Number.isFinite(parsed)) return;
    onCommit(integer ? Math.trunc(parsed) : parsed);
  };

  return (
    <input
      type="number"
      inputMode={integer ? "numeric" : "decimal"}
      value={draft}
      min={min ?? undefined}
      max={max ?? undefined}
      step={step ?? (integer ? 1 : "any")}
      placeholder={placeholder}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        setDraft(e.target.value);
        commit(e.target.value);
      }}
      onBlur={() => setDraft(shown)}
      {...rest}
    />
  );
}
