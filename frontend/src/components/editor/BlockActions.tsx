// "Group as block": the toolbar button, its Ctrl/Cmd+G shortcut and the dialog asking for the block's name.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cleanBlockName, groupableSelection, MAX_BLOCK_NAME } from "../../lib/blocks";
import { cancelGrouping, finishGrouping, startGrouping, useBlockLibrary } from "../../state/blocks";
import { useEditor } from "../../state/editor";
import { GroupIcon } from "../Icons";
import { Backdrop } from "../Overlay";
import "./blocks.css";

function typingIntoField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function useGroupShortcut(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || typingIntoField(event.target)) return;
      if (event.key.toLowerCase() !== "g") return;
      // The browser's own Ctrl+G (find next) is of no use on the canvas.
      event.preventDefault();
      startGrouping();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

function NameDialog({ count }: { count: number }) {
  const { t } = useTranslation();
  const blocks = useEditor((s) => s.blocks.length);
  const [name, setName] = useState(() => t("blocks.defaultName", { n: blocks + 1 }));
  const clean = cleanBlockName(name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (clean) finishGrouping(clean);
  };

  return (
    <Backdrop onClose={cancelGrouping}>
      <form
        className="dialog block-name-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="block-name-title"
        onSubmit={submit}
        data-testid="block-name-dialog"
      >
        <header className="dialog-head">
          <h2 id="block-name-title">{t("blocks.nameTitle")}</h2>
        </header>
        <p className="section-help">{t("blocks.nameHelp", { count })}</p>
        <label className="block-name-field">
          <span>{t("blocks.nameLabel")}</span>
          <input
            type="text"
            value={name}
            maxLength={MAX_BLOCK_NAME}
            autoFocus
            onFocus={(e) => e.target.select()}
            onChange={(e) => setName(e.target.value)}
            data-testid="block-name-input"
          />
        </label>
        <div className="block-name-buttons">
          <button type="button" className="tool-button" onClick={cancelGrouping} data-testid="block-name-cancel">
            {t("blocks.cancel")}
          </button>
          <button type="submit" className="tool-button is-primary" disabled={!clean} data-testid="block-name-ok">
            {t("blocks.create")}
          </button>
        </div>
      </form>
    </Backdrop>
  );
}

export function BlockActions() {
  const { t } = useTranslation();
  const canGroup = useEditor((s) => groupableSelection(s.nodes, s.blocks) !== null);
  const naming = useBlockLibrary((s) => s.naming);
  useGroupShortcut();
  return (
    <>
      <button
        type="button"
        className="tool-button"
        onClick={startGrouping}
        disabled={!canGroup}
        title={t("blocks.groupHint")}
        data-testid="group-block"
      >
        <GroupIcon />
        <span>{t("blocks.group")}</span>
      </button>
      {naming && <NameDialog count={naming.length} />}
    </>
  );
}
