// Parameters of the selected layer, as a form generated from the layer's params_schema. Problems the
// server reports for a field are shown under that field.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import type { ErrorItem } from "../../api/types";
import { fieldsFromSchema } from "../../lib/schemaForm";
import { useCatalog } from "../../state/catalog";
import { selectedNode, useEditor } from "../../state/editor";
import { nodeErrors, useValidation } from "../../state/validation";
import { CloseIcon, TrashIcon } from "../Icons";
import { SchemaField } from "../SchemaField";
import { NodeTraining } from "../training/NodeTraining";
import { NodeProbes } from "../probes/NodeProbes";
import { formatShape, withoutNodePrefix } from "./categories";
import { ShapeExplain } from "./ShapeExplain";

/** Whether an error's field names this parameter (the server may prefix it, e.g. `params.out_features`). */
function isAbout(error: ErrorItem, field: string): boolean {
  return error.field === field || (error.field?.endsWith(`.${field}`) ?? false);
}

export function Inspector() {
  const { t } = useTranslation();
  const node = useEditor(selectedNode);
  const setParam = useEditor((s) => s.setParam);
  const deleteNodes = useEditor((s) => s.deleteNodes);
  const selectNode = useEditor((s) => s.selectNode);
  const layer = useCatalog((s) => (node ? s.layers.find((l) => l.type === node.data.layerType) : undefined));
  const report = useValidation((s) => (node ? s.report?.nodes[node.id] : undefined));
  const errors = useValidation(useShallow((s) => (node ? nodeErrors(s, node.id) : [])));
  const fields = useMemo(() => fieldsFromSchema(layer?.params_schema), [layer]);
  if (!node) {
    return (
      <p className="inspector-hint" data-testid="inspector-hint">
        {t("inspector.hint")}
      </p>
    );
  }

  const messageFor = (name: string) => {
    const error = errors.find((e) => isAbout(e, name));
    return error ? withoutNodePrefix(error.message, node.id) : null;
  };
  const general = errors.filter((e) => !fields.some((f) => isAbout(e, f.name)));
  const shape = formatShape(report?.output_shape);
  return (
    <section className="inspector" aria-label={t("inspector.title")} data-testid="inspector">
      <header className="inspector-head">
        <div>
          <h2 className="inspector-title">{layer?.title ?? node.data.layerType}</h2>
          <span className="node-id">{node.id}</span>
        </div>
        <dl className="inspector-facts">
          <dt>{t("inspector.outputShape")}</dt>
          <dd data-testid="inspector-shape">{shape ?? t("node.unknownShape")}</dd>
          <dt>{t("inspector.params")}</dt>
          <dd>{report ? report.params.toLocaleString() : "–"}</dd>
        </dl>
        <button
          type="button"
          className="danger-button"
          onClick={() => deleteNodes([node.id])}
          data-testid="delete-node"
        >
          <TrashIcon size={15} />
          {t("inspector.delete")}
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => selectNode(null)}
          aria-label={t("inspector.close")}
          title={t("inspector.close")}
        >
          <CloseIcon size={16} />
        </button>
      </header>
      <div className="inspector-body">
        <div className="inspector-settings">
          {layer?.description && <p className="field-help">{layer.description}</p>}
          {report?.explain && <ShapeExplain lines={report.explain} />}
          {general.map((e, i) => (
            <p key={i} className="field-error" role="alert">
              {withoutNodePrefix(e.message, node.id)}
            </p>
          ))}
          {fields.length === 0 && <p className="section-help">{t("inspector.noParams")}</p>}
          <div className="inspector-fields">
            {fields.map((field) => (
              <SchemaField
                key={`${node.id}-${field.name}`}
                field={field}
                value={node.data.params[field.name]}
                onChange={(v) => setParam(node.id, field.name, v)}
                error={messageFor(field.name)}
                testId={`param-${field.name}`}
              />
            ))}
          </div>
          <NodeTraining nodeId={node.id} />
        </div>
        <NodeProbes nodeId={node.id} />
      </div>
    </section>
  );
}
