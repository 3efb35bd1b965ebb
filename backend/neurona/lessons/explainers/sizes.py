"""Sizes read off the validator: a convolution's output size (the Conv2d layer's own arithmetic and explanation)
and the parameter count of any architecture (the validator's report, node by node)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ...data import DatasetSpec, shape_of
from ...errors import Issue, SpecError
from ...gallery import TEMPLATES, template
from ...i18n.messages import say
from ...layers.conv import Padding
from ...spec import GraphSpec, analyze
from ..models import t
from .registry import Explainer, ExplainerInput, Stepped, explainer


class ConvSizeInput(ExplainerInput):
    height: int = Field(28, ge=1, le=1024, description="Input height H.")
    width: int = Field(28, ge=1, le=1024, description="Input width W.")
    in_channels: int = Field(1, ge=1, le=512, description="Input channels C.")
    out_channels: int = Field(6, ge=1, le=512, description="Filters, i.e. output channels.")
    kernel_size: int = Field(5, ge=1, le=31, description="Side F of each square filter.")
    padding: Padding = Field(0, description='Zeros P on each side, or "same".')
    stride: int = Field(1, ge=1, le=16, description="Step S between filter positions.")
    dilation: int = Field(1, ge=1, le=16, description="Spacing D between filter taps.")


class ConvSizeResult(Stepped):
    output_shape: list[int] = Field(description="C × H × W out")
    params: int = Field(description="Weights and biases: C_out·C_in·F·F + C_out")
    steps: list[str] = Field(description="The arithmetic per axis, as the inspector shows it")


def _one_node_graph(layer: str, params: dict[str, object]) -> GraphSpec:
    return GraphSpec.model_validate({"nodes": [{"id": "in", "type": "Input"},
                                               {"id": "conv", "type": layer, "params": params}],
                                     "edges": [{"source": "in", "target": "conv"}], "output": "conv"})


def _refuse(issues: list[Issue]) -> SpecError:
    """The validator's issues, without the node name: the explainer's fields are the layer's parameters."""
    return SpecError([issue.without_node() for issue in issues])


def conv_size(body: ConvSizeInput) -> ConvSizeResult:
    params = body.model_dump(exclude={"height", "width", "in_channels"})
    report, _plan = analyze(_one_node_graph("Conv2d", params), (body.in_channels, body.height, body.width))
    if not report.valid:
        raise _refuse(report.errors)
    node = report.nodes["conv"]
    return ConvSizeResult.said(node.lines, output_shape=node.output_shape, params=node.params)


TemplateId = Literal[tuple(entry["id"] for entry in TEMPLATES)]  # type: ignore[valid-type]  # the gallery ids


class ParamCountInput(ExplainerInput):
    template: TemplateId | None = Field(  # type: ignore[valid-type]
        "lenet5", description="A gallery template; ignored when a graph is given.")
    graph: GraphSpec | None = Field(None, description="Any graph (the editor's); needs `dataset`.")
    dataset: DatasetSpec | None = Field(None, description="The dataset the graph reads (sets the input shape).")


class NodeCount(BaseModel):
    id: str
    type: str
    output_shape: list[int]
    params: int


class ParamCountResult(BaseModel):
    nodes: list[NodeCount] = Field(description="Every node in graph order with its trainable parameters")
    total_params: int
    activation_bytes: int


def param_count(body: ParamCountInput) -> ParamCountResult:
    if body.graph is not None:
        if body.dataset is None:
            raise SpecError.one(say("graph_needs_dataset"), field="dataset")
        graph, input_shape = body.graph, shape_of(body.dataset).input_shape
    elif body.template is not None:
        chosen = template(body.template)  # its declared input: design-only templates have no dataset
        graph, input_shape = GraphSpec.model_validate(chosen["graph"]), tuple(chosen["input"]["shape"])
    else:
        raise SpecError.one(say("template_or_graph"), field="template")
    report, _plan = analyze(graph, input_shape)  # counting needs shapes only, not a fitting output
    if not report.valid:
        raise SpecError(report.errors)
    rows = [NodeCount(id=n.id, type=n.type, output_shape=report.nodes[n.id].output_shape,
                      params=report.nodes[n.id].params) for n in graph.nodes]
    return ParamCountResult(nodes=rows, total_params=report.total_params, activation_bytes=report.activation_bytes)


explainer(Explainer(
    name="conv_size", title=t("Tamaño de salida de una convolución", "Convolution output size"),
    description=t("O = ⌊(W + 2P − D(F−1) − 1)/S⌋ + 1 en cada eje, con la aritmética de la capa Conv2d.",
                  "O = ⌊(W + 2P − D(F−1) − 1)/S⌋ + 1 on each axis, with the Conv2d layer's own arithmetic."),
    input=ConvSizeInput, output=ConvSizeResult, compute=conv_size, view="numbers"))
explainer(Explainer(
    name="param_count", title=t("Número de parámetros", "Parameter count"),
    description=t("Los pesos y sesgos de cada capa, contados por el validador.",
                  "The weights and biases of every layer, as the validator counts them."),
    input=ParamCountInput, output=ParamCountResult, compute=param_count, view="table"))
