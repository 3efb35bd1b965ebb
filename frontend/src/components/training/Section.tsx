// The training sheet's building blocks: a titled section, a labelled row, and the tag on live settings.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isActive } from "../../api/types";
import { useRun } from "../../state/run";

export function Section(props: { title: string; hint?: string; children: ReactNode; testId: string }) {
  return (
    <section className="training-section" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.hint && <p className="training-hint">{props.hint}</p>}
      {props.children}
    </section>
  );
}

export function LiveTag() {
  const { t } = useTranslation();
  const active = useRun((s) => isActive(s.status));
  if (!active) return null;
  return (
    <span className="live-tag" title={t("training.liveHint")}>
      {t("training.live")}
    </span>
  );
}

export function Row(props: { label: string; live?: boolean; children: ReactNode; help?: string }) {
  return (
    <label className="training-row">
      <span className="field-label">
        {props.label}
        {props.live && <LiveTag />}
      </span>
      {props.children}
      {props.help && <span className="field-help">{props.help}</span>}
    </label>
  );
}
