// A text box that keeps what the user types while it is being typed (e.g. "2, " on the way to "2, 4"),
// and follows the stored value when it changes elsewhere.
import { useEffect, useState } from "react";

type Props = {
  value: string;
  onCommit: (text: string) => void;
  id?: string;
  placeholder?: string;
  list?: string;
  invalid?: boolean;
  "data-testid"?: string;
};

export function TextInput({ value, onCommit, invalid, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  return (
    <input
      type="text"
      value={draft}
      aria-invalid={invalid || undefined}
      onFocus={() => setEditing(true)}
      onBlur={() => {
        setEditing(false);
        setDraft(value);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        onCommit(e.target.value);
      }}
      {...rest}
    />
  );
}
