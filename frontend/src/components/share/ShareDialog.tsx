// The Share dialog: the full link (the workspace in the address), a short link stored on the server, and the
// teacher options (presentation mode, parts to hide) that either link carries in its query.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { HIDEABLE, type Hideable, type TeacherOptions, shortUrl, workspaceUrl } from "../../lib/share";
import { reportError } from "../../state/notices";
import { usePanels } from "../../state/panels";
import { currentWorkspace, sharedLessonPlace } from "../../state/sharing";
import { Dialog } from "../Overlay";
import { CopyField } from "./CopyField";
import "./share.css";

function TeacherChoices(props: { options: TeacherOptions; onChange: (options: TeacherOptions) => void }) {
  const { t } = useTranslation();
  const { options } = props;
  const toggle = (name: Hideable, on: boolean) =>
    props.onChange({ ...options, hide: HIDEABLE.filter((h) => (h === name ? on : options.hide.includes(h))) });
  return (
    <fieldset className="share-teacher">
      <legend>{t("share.teacher")}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={options.present}
          data-testid="share-present"
          onChange={(e) => props.onChange({ ...options, present: e.target.checked })}
        />
        {t("share.present")}
      </label>
      <p className="field-label">{t("share.hide")}</p>
      <div className="share-hide-grid">
        {HIDEABLE.map((name) => (
          <label className="check" key={name}>
            <input
              type="checkbox"
              checked={options.hide.includes(name)}
              data-testid={`share-hide-${name}`}
              onChange={(e) => toggle(name, e.target.checked)}
            />
            {t(`share.part.${name}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ShareDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const place = useMemo(sharedLessonPlace, []);
  const [withLesson, setWithLesson] = useState(place !== null);
  // Start from the options this page was opened with, so a teacher re-sharing keeps them.
  const [options, setOptions] = useState<TeacherOptions>(() => usePanels.getState().teacher);
  const [short, setShort] = useState<{ id: string; forLesson: boolean } | null>(null);
  const [making, setMaking] = useState(false);
  const workspace = useMemo(() => currentWorkspace(withLesson), [withLesson]);
  const page = `${window.location.origin}${window.location.pathname}`;
  const longUrl = workspaceUrl(page, workspace, options);
  // A short link stores one workspace: changing what it holds (the lesson) asks for a new one.
  const shortId = short && short.forLesson === withLesson ? short.id : null;

  const makeShort = async () => {
    setMaking(true);
    try {
      const link = await api.createLink(workspace);
      setShort({ id: link.id, forLesson: withLesson });
    } catch (err) {
      reportError(t("share.shortFailed"), err);
    } finally {
      setMaking(false);
    }
  };

  return (
    <Dialog
      name="share"
      title={t("share.title")}
      closeLabel={t("share.close")}
      onClose={onClose}
      className="share-dialog"
      testId="share-dialog"
    >
      <div className="share-body">
        <p className="section-help">
          {t("share.intro", { dataset: workspace.dataset.name, seed: workspace.training.seed ?? 0 })}
        </p>
        {place && (
          <label className="check">
            <input
              type="checkbox"
              checked={withLesson}
              data-testid="share-with-lesson"
              onChange={(e) => setWithLesson(e.target.checked)}
            />
            {t("share.withLesson", { lesson: place.title, step: place.step + 1 })}
          </label>
        )}
        <section className="share-link">
          <h3>{t("share.shortTitle")}</h3>
          <p className="section-help">{t("share.shortHelp")}</p>
          {shortId ? (
            <CopyField value={shortUrl(window.location.origin, shortId, options)} testId="share-short-url" />
          ) : (
            <button
              type="button"
              className="tool-button lesson-primary"
              data-testid="share-make-short"
              disabled={making}
              onClick={() => void makeShort()}
            >
              {making ? t("share.making") : t("share.makeShort")}
            </button>
          )}
        </section>
        <section className="share-link">
          <h3>{t("share.longTitle")}</h3>
          <p className="section-help">{t("share.longHelp", { count: longUrl.length })}</p>
          <CopyField value={longUrl} testId="share-long-url" />
        </section>
        <TeacherChoices options={options} onChange={setOptions} />
      </div>
    </Dialog>
  );
}
