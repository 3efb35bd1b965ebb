// The server's step-by-step shape arithmetic for a node (conv/pool windows), one axis per row.
import { useTranslation } from "react-i18next";
import { splitExplainLine } from "../../lib/explain";

export function ShapeExplain({ lines }: { lines: readonly string[] }) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <details className="shape-explain" data-testid="shape-explain" open>
      <summary>{t("inspector.explain")}</summary>
      <table>
        <tbody>
          {lines.map((line, i) => {
            const { axis, work, result } = splitExplainLine(line);
            return (
              <tr key={i}>
                <th scope="row">{axis ?? ""}</th>
                <td className="explain-work">{work}</td>
                <td className="explain-result">
                  {result !== null ? (
                    <>
                      = <strong>{result}</strong>
                    </>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {lines.some((l) => l.includes("⌊")) && <p className="explain-formula">{t("inspector.explainFormula")}</p>}
    </details>
  );
}
