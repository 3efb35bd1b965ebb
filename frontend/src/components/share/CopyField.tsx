// A read-only link with a Copy button; where the clipboard is refused (an insecure origin), the text is selected
// so the user can copy it by hand, and a message says so.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { reportError } from "../../state/notices";

export function CopyField({ value, testId }: { value: string; testId: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      input.current?.select();
      reportError(t("share.copyFailed"), "");
    }
  };
  return (
    <div className="copy-field">
      <input ref={input} readOnly value={value} data-testid={testId} onFocus={(e) => e.target.select()} />
      <button type="button" className="tool-button" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        {copied ? t("share.copied") : t("share.copy")}
      </button>
    </div>
  );
}
