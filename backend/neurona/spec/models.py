"""The JSON shapes of what users build: graphs, training settings and experiments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from ..data import DatasetSpec
from ..errors import Issue
from ..i18n.language import Language
from ..i18n.messages import Said, render
from ..train.optimizers import OPTIMIZERS, OptimizerName, optimizer_params
from ..train.schedules import ScheduleName, schedule_params

NODE_ID = r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$"
NodeId = Annotated[str, Field(max_length=64)]  # a reference to a node; unknown ones are named in the 422


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN


class Position(BaseModel):
    model_config = ConfigDict(strict=True, allow_inf_nan=False)

    x: float = Field(0.0, ge=-1e7, le=1e7)
    y: float = Field(0.0, ge=-1e7, le=1e7)


class NodeSpec(Strict):
    id: str = Field(pattern=NODE_ID, description="Unique name: letters, digits, _ and -.")
    type: str = Field(max_length=64, description="A layer type from GET /api/layers.")
    params: dict[str, Any] = Field(default_factory=dict, max_length=64, description="The layer's parameters "
                                   "(its params_schema in GET /api/layers); omitted ones take their defaults.")
    position: Position | None = Field(None, description="Where the editor draws it; ignored by the server.")
    label: str | None = Field(None, max_length=80, description="Display name in the editor.")


class EdgeSpec(Strict):
    source: str = Field(max_length=64)
    target: str = Field(max_length=64)
    target_port: str | None = Field(None, max_length=64, description="Input port of the target; omitted means its "
                                    "first.")
    id: str | None = Field(None, max_length=200, description="Editor-only edge id.")


class GraphSpec(Strict):
    nodes: list[NodeSpec] = Field(max_length=1000)
    edges: list[EdgeSpec] = Field(default_factory=list, max_length=4000)
    output: str | None = Field(None, max_length=64, description="The prediction node; omitted means the only sink.")


InitScheme = Literal["default", "zeros", "constant", "normal", "uniform", "xavier_uniform", "xavier_normal",
                     "kaiming_uniform", "kaiming_normal"]


class InitSpec(Strict):
    """How a node's weights start. Weight tensors (2-D and up) follow `scheme`; biases start at zero for every
    scheme but `default` (PyTorch's own per-layer initialisation); other vectors (norm scales) are kept."""

    scheme: InitScheme = Field("default", description="default (PyTorch's per-layer rule), zeros, constant, "
                               "normal, uniform, xavier_uniform, xavier_normal, kaiming_uniform or kaiming_normal.")
    value: float = Field(0.0, ge=-100.0, le=100.0, description="constant: the value of every weight.")
    std: float = Field(0.01, gt=0.0, le=100.0, description="normal: the standard deviation σ (mean 0).")
    a: float = Field(0.05, gt=0.0, le=100.0, description="uniform: weights are drawn from [-a, a].")
    gain: float = Field(1.0, gt=0.0, le=100.0, description="xavier: scales the Glorot range.")
    nonlinearity: Literal["relu", "leaky_relu", "tanh", "sigmoid", "linear"] = Field(
        "relu", description="kaiming: the activation that follows, which sets the He gain.")


def _nested(error: ValidationError, prefix: tuple[str, ...]) -> ValidationError:
    """Re-raise a sub-model's errors under `prefix`, so 422s name e.g. training.optimizer_params.momentum."""
    items: list[Any] = []
    for e in error.errors():
        item = {"type": e["type"], "loc": prefix + tuple(e["loc"]), "input": e["input"]}
        if e.get("ctx"):
            item["ctx"] = e["ctx"]
        items.append(item)
    return ValidationError.from_exception_data(error.title, items)


class TrainingSettings(Strict):
    optimizer: OptimizerName = Field("adam", description="One of GET /api/optimizers: sgd, momentum, nesterov, "
                                     "rmsprop, adagrad, adadelta, adam, adamw.")
    lr: float = Field(0.03, gt=0.0, le=1000.0, description="Learning rate (the base of the schedule).")
    momentum: float = Field(0.0, ge=0.0, lt=1.0, description="Momentum for optimizers that have one, used when "
                            "above 0 and optimizer_params does not set it (kept for older clients).")
    optimizer_params: dict[str, Any] = Field(default_factory=dict, max_length=32, description="The optimizer's "
                                             "parameters (GET /api/optimizers); missing ones take their defaults.")
    schedule: ScheduleName = Field("constant", description="Learning-rate schedule (GET /api/schedules).")
    schedule_params: dict[str, Any] = Field(default_factory=dict, max_length=32,
                                            description="The schedule's parameters.")
    warmup_steps: int = Field(0, ge=0, le=1_000_000, description="Steps of linear warm-up from lr/(W+1) to lr.")
    loss: str | None = Field(None, max_length=64, description="The loss, one of the dataset task's losses "
                             "(GET /api/tasks); none = the task's default for the output (e.g. binary "
                             "cross-entropy for one unit, cross-entropy for one per class).")
    kl_weight: float = Field(1.0, ge=0.0, le=100.0, description="β of a VAE's ELBO: the weight of the KL term "
                             "(0 trains a plain autoencoder with a noisy code).")
    batch_size: int = Field(10, ge=1, le=65536, description="Examples per training step.")
    epochs: int = Field(100, ge=1, le=100_000, description="Passes over the training set.")
    l1: float = Field(0.0, ge=0.0, le=10.0, description="L1 penalty rate on weights.")
    l2: float = Field(0.0, ge=0.0, le=10.0, description="L2 penalty rate on weights.")
    clip_norm: float | None = Field(None, gt=0.0, le=1e6, description="Clip the gradient's global norm to this "
                                    "(none = no clipping).")
    validation_ratio: float = Field(0.0, ge=0.0, le=0.5, description="Share of the training set held out to "
                                    "validate on (early stopping, best checkpoint, plateau).")
    patience: int = Field(0, ge=0, le=100_000, description="Early stopping: epochs without a better validation "
                          "loss before stopping (0 = never stop early). Needs validation_ratio.")
    restore_best: bool = Field(True, description="Early stopping: end with the weights of the best epoch.")
    init: InitSpec = Field(default_factory=InitSpec, description="How every node's weights start.")
    init_overrides: dict[NodeId, InitSpec] = Field(default_factory=dict, max_length=1000,
                                                   description="Per node id: its own init.")
    init_from: str | None = Field(None, max_length=32, description="Start from this experiment's last "
                                  "checkpoint (same session): parameters matched by node id and shape.")
    frozen: list[NodeId] = Field(default_factory=list, max_length=1000, description="Node ids whose parameters do "
                              "not train.")
    finetune_lr: float | None = Field(None, gt=0.0, le=1000.0, description="Learning rate of the parameters "
                                      "loaded by init_from that are not frozen (none = lr).")
    max_steps: int | None = Field(None, ge=1, le=100_000_000, description="Stop after this many steps.")
    max_seconds: float | None = Field(None, gt=0.0, le=30 * 24 * 3600.0, description="Stop after this many "
                                      "seconds of training (paused time does not count).")
    checkpoint_every: int = Field(0, ge=0, le=100_000, description="Also save a checkpoint every N epochs (0 = "
                                  "off); one is always saved every 30 s, on pause, on stop and at the end.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds weights and batch order: same seed, same run.")
    device: str = Field("auto", pattern=r"^(auto|cpu|mps|cuda(:\d+)?)$",
                        description="auto (cuda, else mps, else cpu), cpu, cuda, cuda:N or mps.")
    amp: Literal["off", "bf16", "fp16"] = Field("off", description="Mixed precision on a CUDA GPU: bf16 or fp16 "
                                                 "autocast (fp16 with loss scaling); elsewhere the run trains in "
                                                 "float32 with a warning.")
    eval_every_steps: int = Field(0, ge=0, le=100_000_000, description="Evaluate the test/validation metrics every "
                                  "N steps (0 = on the server's time budget, NEURONA_EVAL_HZ, and at epoch ends).")

    @model_validator(mode="after")
    def _check_params(self) -> TrainingSettings:
        """Validate the chosen optimizer's and schedule's parameters and store them complete."""
        given = dict(self.optimizer_params)
        has_momentum = "momentum" in OPTIMIZERS[self.optimizer].params.model_fields
        if self.momentum > 0 and has_momentum and "momentum" not in given:
            given["momentum"] = self.momentum
        try:
            self.optimizer_params = optimizer_params(self.optimizer, given).model_dump()
        except ValidationError as err:
            raise _nested(err, ("optimizer_params",)) from None
        try:
            self.schedule_params = schedule_params(self.schedule, self.schedule_params).model_dump()
        except ValidationError as err:
            raise _nested(err, ("schedule_params",)) from None
        return self


class ExperimentCreate(Strict):
    name: str = Field("untitled", max_length=200)
    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: TrainingSettings = Field(default_factory=TrainingSettings)


class SettingsChange(Strict):
    """Settings that may change mid-run (PATCH /api/experiments/{id}/settings); omitted ones stay."""

    lr: float | None = Field(None, gt=0.0, le=1000.0, description="Base learning rate (the schedule follows it).")
    momentum: float | None = Field(None, ge=0.0, lt=1.0, description="Momentum, for optimizers that have one.")
    weight_decay: float | None = Field(None, ge=0.0, le=10.0, description="The optimizer's weight decay.")
    l1: float | None = Field(None, ge=0.0, le=10.0, description="L1 penalty rate on weights.")
    l2: float | None = Field(None, ge=0.0, le=10.0, description="L2 penalty rate on weights.")
    clip_norm: float | None = Field(None, ge=0.0, le=1e6, description="Gradient norm clip (0 = no clipping).")
    finetune_lr: float | None = Field(None, gt=0.0, le=1000.0, description="Learning rate of transferred "
                                      "parameters.")


class RaceVariant(Strict):
    label: str | None = Field(None, max_length=80, description="Shown in the experiment's name.")
    training: dict[str, Any] = Field(default_factory=dict, max_length=64, description="Training settings that "
                                     "replace the base's.")


class RaceCreate(Strict):
    """Several experiments that differ only in their training settings, started from the same seed."""

    name: str = Field("race", max_length=160)
    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: dict[str, Any] = Field(default_factory=dict, max_length=64, description="Base training settings.")
    optimizers: list[OptimizerName] = Field(default_factory=list, max_length=16,
                                            description="One variant per optimizer (its default parameters).")
    variants: list[RaceVariant] = Field(default_factory=list, max_length=16, description="More variants.")
    start: bool = Field(False, description="Start every experiment at once.")

    @model_validator(mode="after")
    def _some_variants(self) -> RaceCreate:
        if not 1 <= len(self.optimizers) + len(self.variants) <= 16:
            raise ValueError("give between 1 and 16 optimizers and variants in all")
        return self

    def variants_in_order(self) -> list[tuple[str, dict[str, Any]]]:
        """(label, training overrides): the optimizers first, then the variants."""
        chosen = [(name, {"optimizer": name}) for name in self.optimizers]
        return chosen + [(v.label or f"variant {i + 1}", v.training) for i, v in enumerate(self.variants)]


class ValidateRequest(Strict):
    graph: GraphSpec
    dataset: DatasetSpec | None = Field(default_factory=DatasetSpec, description="null: design without data; "
                                        "the Input must then declare its shape.")


class NodeReport(BaseModel):
    output_shape: list[int]
    params: int
    matrix_params: int = Field(0, description="Of `params`, those in weight matrices or kernels (tensors of two or "
                               "more dimensions): what a weight image can show.")
    explain: list[str] | None = None  # shape arithmetic step by step, for layers that declare it
    _lines: list[str | Said] | None = PrivateAttr(default=None)  # `explain` as the layer said it, in any language

    @classmethod
    def of(cls, shape: Sequence[int], params: int, matrix_params: int, lines: list[str | Said] | None
           ) -> NodeReport:
        report = cls(output_shape=list(shape), params=params, matrix_params=matrix_params,
                     explain=[render(line, "en") for line in lines] if lines is not None else None)
        report._lines = lines
        return report

    @property
    def lines(self) -> list[str | Said]:
        """`explain` as the layer said it (templates where it used words), for answers in another language."""
        return self._lines if self._lines is not None else list(self.explain or [])

    def in_language(self, lang: Language) -> NodeReport:
        if self._lines is None or lang == "en":
            return self
        return self.model_copy(update={"explain": [render(line, lang) for line in self._lines]})


class ValidationReport(BaseModel):
    valid: bool
    errors: list[Issue]
    nodes: dict[str, NodeReport]
    total_params: int
    activation_bytes: int = Field(0, description="Estimated float32 activation memory of one example: the sum of "
                                  "every node's output size × 4 bytes (nodes whose shape is known).")
    input_shape: list[int] | None
    output_shape: list[int] | None

    def in_language(self, lang: Language) -> ValidationReport:
        """The report with its problems and its shape arithmetic said in `lang`."""
        return self.model_copy(update={"errors": [issue.in_language(lang) for issue in self.errors],
                                       "nodes": {n: node.in_language(lang) for n, node in self.nodes.items()}})
