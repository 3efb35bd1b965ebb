// Error and info messages, stacked at the bottom of the page until dismissed.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type Notice, useNotices } from "../state/notices";
import { CloseIcon } from "./Icons";

const INFO_TIMEOUT_MS = 5000;

function Toast({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const dismiss = useNotices((s) => s.dismiss);
  useEffect(() => {
    // Errors stay until read and closed; information fades by itself.
    if (notice.kind !== "info") return;
    const id = window.setTimeout(() => dismiss(notice.id), INFO_TIMEOUT_MS);
    return () => window.clearTimeout(id);
  }, [notice, dismiss]);
  return (
    <div
      className={`toast toast-${notice.kind}`}
      role={notice.kind === "error" ? "alert" : "status"}
      data-testid="toast"
    >
      <div className="toast-text">
        <strong>{notice.title}</strong>
        <p>{notice.message}</p>
      </div>
      <button type="button" className="icon-button" onClick={() => dismiss(notice.id)} aria-label={t("toast.dismiss")}>
        <CloseIcon size={15} />
      </button>
    </div>
  );
}

export function Toasts() {
  const notices = useNotices((s) => s.notices);
  return (
    <div className="toasts" aria-live="polite">
      {notices.map((n) => (
        <Toast key={n.id} notice={n} />
      ))}
    </div>
  );
}
