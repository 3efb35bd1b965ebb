// The layer palette, generated from GET /api/layers: drag an item onto the canvas, or click it to append it.
// Categories are tabs (the basic ones together) and a search box finds a layer in any of them.
import { type DragEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LayerInfo } from "../../api/types";
import { useCatalog } from "../../state/catalog";
import { BlockPalette } from "./BlockPalette";
import { BASIC_TAB, categoryClass, tabOf } from "./categories";

export const LAYER_MIME = "application/x-neurona-layer";
/** The tab listing saved blocks (lib/blocks), after the layer categories. */
const BLOCKS_TAB = "blocks";

type Group = { category: string; layers: LayerInfo[] };

/** The layers by category, in the server's palette order (`categories`). */
function groupByCategory(layers: readonly LayerInfo[], categories: readonly string[]): Group[] {
  return categories
    .map((category) => ({ category, layers: layers.filter((l) => l.category === category) }))
    .filter((group) => group.layers.length);
}

function matches(layer: LayerInfo, query: string): boolean {
  const q = query.toLowerCase();
  return (
    layer.type.toLowerCase().includes(q) ||
    layer.title.toLowerCase().includes(q) ||
    layer.description.toLowerCase().includes(q)
  );
}

export function Palette({
  onAdd,
  onInsertBlock,
}: {
  onAdd: (layerType: string) => void;
  onInsertBlock: (savedId: string) => void;
}) {
  const { t } = useTranslation();
  const layers = useCatalog((s) => s.layers);
  const categories = useCatalog((s) => s.categories);
  const groups = useMemo(() => groupByCategory(layers, categories), [layers, categories]);
  const tabs = useMemo(() => [...new Set(groups.map((g) => tabOf(g.category)))], [groups]);
  const [tab, setTab] = useState(BASIC_TAB);
  const [query, setQuery] = useState("");

  const searching = query.trim() !== "";
  const shown = searching
    ? groups
        .map((g) => ({ ...g, layers: g.layers.filter((l) => matches(l, query.trim())) }))
        .filter((g) => g.layers.length)
    : groups.filter((g) => tabOf(g.category) === tab);

  const onDragStart = (event: DragEvent<HTMLElement>, type: string) => {
    event.dataTransfer.setData(LAYER_MIME, type);
    event.dataTransfer.setData("text/plain", type);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <nav className="palette" aria-label={t("palette.title")} data-testid="palette">
      <div className="palette-bar">
        <h2 className="column-title">{t("palette.title")}</h2>
        <div className="palette-tabs" role="tablist" aria-label={t("palette.categories")}>
          {tabs.map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={!searching && key === tab}
              className={`palette-tab ${!searching && key === tab ? "is-active" : ""}`}
              onClick={() => {
                setTab(key);
                setQuery("");
              }}
              data-testid={`palette-tab-${key}`}
            >
              {t(`palette.category.${key}`, { defaultValue: key })}
            </button>
          ))}
          <button
            type="button"
            role="tab"
            aria-selected={!searching && tab === BLOCKS_TAB}
            className={`palette-tab ${!searching && tab === BLOCKS_TAB ? "is-active" : ""}`}
            onClick={() => {
              setTab(BLOCKS_TAB);
              setQuery("");
            }}
            data-testid={`palette-tab-${BLOCKS_TAB}`}
          >
            {t("blocks.tab")}
          </button>
        </div>
        <input
          type="search"
          className="palette-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("palette.search")}
          aria-label={t("palette.search")}
          data-testid="palette-search"
        />
      </div>
      <div className="palette-items" role="tabpanel">
        {!searching && tab === BLOCKS_TAB && <BlockPalette onInsert={onInsertBlock} />}
        {shown.map((group) => (
          <div key={group.category} className="palette-group">
            <h3 className="group-title">{t(`palette.category.${group.category}`, { defaultValue: group.category })}</h3>
            <ul>
              {group.layers.map((layer) => (
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
        {searching && shown.length === 0 && <p className="section-help">{t("palette.noMatch")}</p>}
        <p className="palette-help">{t(!searching && tab === BLOCKS_TAB ? "blocks.paletteHelp" : "palette.help")}</p>
      </div>
    </nav>
  );
}
