// Shared behaviour of the app's dialogs and panels: Escape closes them, and a click on the dimmed backdrop
// (not on the dialog itself) does too.
import { type ReactNode, useEffect, useRef } from "react";

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
