// Shared behaviour of the app's dialogs and panels: Escape closes them, and a click on the dimmed backdrop
// (not on the dialog itself) does too.
import { type ReactNode, useEffect, useRef } from "react";
import { CloseIcon } from "./Icons";

/** Calls `onEscape` when Escape is pressed while `active`; the latest callback is used without re-subscribing. */
export function useEscape(onEscape: () => void, active = true): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && latest.current();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active]);
}

export function Backdrop({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  useEscape(onClose);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      {children}
    </div>
  );
}

/** A modal dialog: the backdrop, a titled head with its close button (and an optional intro), then the body. */
export function Dialog(props: {
  name: string;
  title: string;
  closeLabel: string;
  onClose: () => void;
  className?: string;
  testId: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  const titleId = `${props.name}-title`;
  return (
    <Backdrop onClose={props.onClose}>
      <div
        className={props.className ? `dialog ${props.className}` : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={props.testId}
      >
        <header className="dialog-head">
          <h2 id={titleId}>{props.title}</h2>
          {props.intro}
          <button
            type="button"
            className="icon-button"
            aria-label={props.closeLabel}
            title={props.closeLabel}
            onClick={props.onClose}
          >
            <CloseIcon />
          </button>
        </header>
        {props.children}
      </div>
    </Backdrop>
  );
}
