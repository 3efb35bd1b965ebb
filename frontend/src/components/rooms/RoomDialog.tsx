// The way into a room: a student joins with the code and a display name; a teacher creates a room (or takes
// one over with its code and key).
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { roomActions, useRoom } from "../../state/room";
import { teacherActions } from "../../state/teacher";
import { CloseIcon } from "../Icons";
import { NumberInput } from "../NumberInput";
import { Backdrop } from "../Overlay";

function JoinForm() {
  const { t } = useTranslation();
  const invited = useRoom((s) => s.invitedCode);
  const [code, setCode] = useState(invited);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(await roomActions.join(code, name));
  };
  return (
    <form className="room-form" onSubmit={(e) => void submit(e)} data-testid="room-join">
      <h3>{t("rooms.joinTitle")}</h3>
      <p className="section-help">{t("rooms.joinHelp")}</p>
      <label>
        <span className="field-label">{t("rooms.code")}</span>
        <input
          className="room-code-input"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          maxLength={12}
          autoComplete="off"
          data-testid="room-join-code"
        />
      </label>
      <label>
        <span className="field-label">{t("rooms.displayName")}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} data-testid="room-join-name" />
      </label>
      {problem && (
        <p className="field-error" role="alert" data-testid="room-join-error">
          {problem}
        </p>
      )}
      <button
        type="submit"
        className="tool-button is-primary"
        disabled={!code.trim() || !name.trim()}
        data-testid="room-join-submit"
      >
        {t("rooms.join")}
      </button>
    </form>
  );
}

function CreateForm() {
  const { t } = useTranslation();
  const [name, setName] = useState(t("rooms.defaultName"));
  const [quota, setQuota] = useState(2);
  const [code, setCode] = useState("");
  const [key, setKey] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await teacherActions.create(name, quota)) useRoom.getState().setJoinOpen(false);
  };
  const hold = async (e: FormEvent) => {
    e.preventDefault();
    const refused = await teacherActions.hold(code.trim().toUpperCase(), key.trim());
    setProblem(refused);
    if (!refused) useRoom.getState().setJoinOpen(false);
  };
  return (
    <div className="room-form">
      <form onSubmit={(e) => void create(e)} data-testid="room-create">
        <h3>{t("rooms.createTitle")}</h3>
        <p className="section-help">{t("rooms.createHelp")}</p>
        <label>
          <span className="field-label">{t("rooms.roomName")}</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            data-testid="room-create-name"
          />
        </label>
        <label>
          <span className="field-label">{t("rooms.quota")}</span>
          <NumberInput
            value={quota}
            min={1}
            max={16}
            integer
            onCommit={(v) => v !== undefined && setQuota(Math.max(1, Math.min(16, v)))}
            data-testid="room-create-quota"
          />
        </label>
        <button
          type="submit"
          className="tool-button is-primary"
          disabled={!name.trim()}
          data-testid="room-create-submit"
        >
          {t("rooms.create")}
        </button>
      </form>
      <details className="room-hold">
        <summary>{t("rooms.holdTitle")}</summary>
        <form onSubmit={(e) => void hold(e)}>
          <input placeholder={t("rooms.code")} value={code} onChange={(e) => setCode(e.target.value)} />
          <input placeholder={t("rooms.key")} value={key} onChange={(e) => setKey(e.target.value)} type="password" />
          <button type="submit" className="tool-button" disabled={!code || !key}>
            {t("rooms.hold")}
          </button>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
        </form>
      </details>
    </div>
  );
}

export function RoomDialog() {
  const { t } = useTranslation();
  const close = () => useRoom.getState().setJoinOpen(false);
  return (
    <Backdrop onClose={close}>
      <div
        className="dialog room-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="room-title"
        data-testid="room-dialog"
      >
        <header className="dialog-head">
          <h2 id="room-title">{t("rooms.title")}</h2>
          <button type="button" className="icon-button" aria-label={t("rooms.close")} onClick={close}>
            <CloseIcon />
          </button>
        </header>
        <div className="room-dialog-body">
          <JoinForm />
          <CreateForm />
        </div>
      </div>
    </Backdrop>
  );
}
