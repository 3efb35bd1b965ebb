// The interface language: one button per language, each named in its own language, remembered across visits.
import { useTranslation } from "react-i18next";
import i18n, { currentLanguage, LANGUAGES, setLanguage } from "../i18n";

export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t("language.label")} data-testid="language-switch">
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === current}
          title={i18n.getFixedT(code)("language.name")}
          onClick={() => void setLanguage(code)}
          data-testid={`language-${code}`}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
