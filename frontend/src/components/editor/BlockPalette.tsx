// The palette's "Blocks" tab: the saved blocks, each dragged onto the canvas or clicked to insert a copy.
import type { DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { useBlockLibrary } from "../../state/blocks";
import "./blocks.css";

export const BLOCK_MIME = "application/x-neurona-block";

export function BlockPalette({ onInsert }: { onInsert: (savedId: string) => void }) {
  const { t } = useTranslation();
  const saved = useBlockLibrary((s) => s.saved);
  const remove = useBlockLibrary((s) => s.remove);

  const onDragStart = (event: DragEvent<HTMLElement>, id: string) => {
    event.dataTransfer.setData(BLOCK_MIME, id);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <div className="palette-group" data-testid="palette-blocks">
      <h3 className="group-title">{t("blocks.paletteTitle")}</h3>
      {saved.length === 0 ? (
        <p className="section-help">{t("blocks.paletteEmpty")}</p>
      ) : (
        <ul>
          {saved.map((b) => (
            <li key={b.id} className="palette-block-row">
              <button
                type="button"
                draggable
                className="palette-item palette-block"
                title={t("blocks.insertHint", { count: b.clip.nodes.length })}
                onDragStart={(e) => onDragStart(e, b.id)}
                onClick={() => onInsert(b.id)}
                data-testid={`palette-block-${b.name}`}
              >
                <span>{b.name}</span>
                <span className="block-count">{t("blocks.layers", { count: b.clip.nodes.length })}</span>
              </button>
              <button
                type="button"
                className="palette-block-remove"
                onClick={() => remove(b.id)}
                title={t("blocks.removeHint", { name: b.name })}
                aria-label={t("blocks.removeHint", { name: b.name })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
