// "Your data" in the data panel: this session's uploads (each deletable) and the button that opens the dialog.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useUploads } from "../../state/uploads";
import { TrashIcon, UploadIcon } from "../Icons";
import { UploadDialog } from "./UploadDialog";

export function UploadSection() {
  const { t } = useTranslation();
  const { uploads, dialogOpen, load, remove, setDialogOpen } = useUploads();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="panel-section upload-section" data-testid="uploads">
      <h3 className="group-title">{t("uploads.yours")}</h3>
      <ul className="upload-list">
        {uploads.map((u) => (
          <li key={u.id} data-testid={`upload-${u.id}`}>
            <span className="upload-name" title={u.file_name}>
              {u.file_name}
            </span>
            <span className="upload-facts">
              {t("uploads.facts", { count: u.size, shape: u.input_shape.join("×") })}
            </span>
            <button
              type="button"
              className="icon-button"
              onClick={() => window.confirm(t("uploads.confirmDelete", { name: u.file_name })) && void remove(u)}
              aria-label={t("uploads.delete", { name: u.file_name })}
              title={t("uploads.delete", { name: u.file_name })}
              data-testid={`upload-delete-${u.id}`}
            >
              <TrashIcon size={14} />
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="tool-button" onClick={() => setDialogOpen(true)} data-testid="upload-open">
        <UploadIcon size={14} /> {t("uploads.open")}
      </button>
      {dialogOpen && <UploadDialog onClose={() => setDialogOpen(false)} />}
    </section>
  );
}
