// The layer palette, generated from GET /api/layers: drag an item onto the canvas, or click it to append it.
import { type DragEvent, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { LayerInfo } from "../../api/types";
import { useCatalog } from "../../state/catalog";
import { categoryClass, categoryRank } from "./categories";

export const LAYER_MIME = "application/x-neurona-layer";

function group(layers: LayerInfo[]): [string, LayerInfo[]][] {
  const byCategory = new Map<string, LayerInfo[]>();
  for (const layer of layers) {
    const list = byCategory.get(layer.category) ?? [];
    list.push(layer);
    byCategory.set(layer.category, list);
  }
  return [...byCategory.entries()].sort(
    ([a], [b]) => categoryRank(a) - categoryRank(b) || a.localeCompare(b),
  );
}

export function Palette({ onAdd }: { onAdd: (layerType: string) => void }) {
  const { t } = useTranslation();
  const layers = useCatalog((s) => s.layers);
  const groups = useMemo(() => group(layers), [layers]);

  const onDragStart = (event: DragEvent<HTMLElement>, type: string) => {
    event.dataTransfer.setData(LAYER_MIME, type);
    event.dataTransfer.setData("text/plain", type);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <nav className="palette" aria-label={t("palette.title")} data-testid="palette">
      <h2 className="column-title">{t("palette.title")}</h2>
      <p className="section-help">{t("palette.help")}</p>
      {groups.map(([category, items]) => (
        <div key={category} className="palette-group">
          <h3 className="group-title">{t(`palette.category.${category}`, { defaultValue: category })}</h3>
          <ul>
            {items.map((layer) => (
              <li key={layer.type}>
                <button
                  type="button"
                  draggable
                  className={`palette-item ${categoryClass(layer.category)}`}
                  title={layer.description}
                  onDragStart={(e) => onDragStart(e, layer.type)}
                  onClick={() => onAdd(layer.type)}
                  data-testid={`palette-${layer.type}`}
                >
                  {layer.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
