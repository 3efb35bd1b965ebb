// Per-node training settings in the inspector (freeze, initialisation) and the frozen mark on the canvas.
import { useTranslation } from "react-i18next";
import { useValidation } from "../../state/validation";
import { trainingActions, useInitOverride, useIsFrozen } from "../../state/training";
import { SnowflakeIcon } from "../Icons";
import { InitPicker } from "./InitPicker";

/** "Frozen" mark for a canvas node; renders nothing for a trainable one. */
export function FrozenBadge({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const frozen = useIsFrozen(nodeId);
  if (!frozen) return null;
  return (
    <span className="frozen-badge" title={t("nodeTraining.frozenHint")} data-testid={`frozen-${nodeId}`}>
      <SnowflakeIcon />
    </span>
  );
}

/** True when the node is frozen: LayerNode adds a class with it. */
export function useFrozenClass(nodeId: string): string {
  return useIsFrozen(nodeId) ? "is-frozen" : "";
}

export function NodeTraining({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const frozen = useIsFrozen(nodeId);
  const init = useInitOverride(nodeId);
  const params = useValidation((s) => s.report?.nodes[nodeId]?.params ?? null);
  // Layers without weights have nothing to freeze or initialise.
  if (params === 0) return null;
  return (
    <div className="node-training" data-testid="node-training">
      <span className="node-training-title">{t("nodeTraining.title")}</span>
      <label className="check" title={t("nodeTraining.freezeHelp")}>
        <input
          type="checkbox"
          checked={frozen}
          onChange={(e) => trainingActions.toggleFrozen(nodeId, e.target.checked)}
          data-testid="freeze-toggle"
        />
        <SnowflakeIcon /> {t("nodeTraining.freeze")}
      </label>
      <span className="node-training-init">
        <span className="field-label">{t("nodeTraining.init")}</span>
        <InitPicker
          value={init}
          onChange={(v) => trainingActions.setInitOverride(nodeId, v ?? null)}
          inheritLabel={t("nodeTraining.inherit")}
          testId="node-init"
        />
      </span>
    </div>
  );
}
