"""The dataset registry: every dataset type is one `DatasetType` declaration.

A declaration says what the dataset is called, which task it poses, how its options look (a pydantic model
whose JSON Schema the frontend turns into a form) and how to generate it from those options and a seeded
random generator. `GET /api/datasets` serves the registry, so adding a dataset needs no frontend code.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Issue, SpecError, describe_validation_error, explain_validation_error, field_issue
from ..i18n.messages import Said, say
from ..tasks import Task, TaskName, get_task_type

DataKind = Literal["points2d", "images", "sequences", "tokens", "table"]
# (options, rng) -> (examples, labels or targets); points2d options are `Points2DOptions`, images `ImageOptions`
GenerateFn = Callable[[Any, np.random.Generator], tuple[np.ndarray, np.ndarray]]
ShapeFn = Callable[[Any], list[int]]  # options -> the Input shape (without the batch)
ClassesFn = Callable[[Any], int]  # options -> the number of classes, for sets whose options choose it
TaskFn = Callable[[Any], Task]  # options -> the task they pose, for sets whose options choose it (`target`)
SymbolsFn = Callable[[Any], tuple[str, ...]]  # options -> how each token id is written (token sets)


@dataclass(frozen=True)
class KindInfo:
    """What every dataset of one kind can do; the trainer asks these capabilities, never a dataset's name."""

    name: DataKind
    plane: bool  # examples are points of the 2-D plane: the model can be probed over it (decision boundary)
    featurized: bool  # the network input is computed features of a raw example (points2d: x1, x2, x1^2, ...)
    tokens: bool = False  # examples are int64 token ids (for an Embedding), not float32 values
    # columns are standardised with the mean and standard deviation of the training split (applied to every split)
    standardize: bool = False


KINDS: dict[str, KindInfo] = {
    "points2d": KindInfo("points2d", plane=True, featurized=True),
    "images": KindInfo("images", plane=False, featurized=False),
    "sequences": KindInfo("sequences", plane=False, featurized=False),  # [T, F] float32 time series
    "tokens": KindInfo("tokens", plane=False, featurized=False, tokens=True),  # [L] int64 token ids
    "table": KindInfo("table", plane=False, featurized=False, standardize=True),  # [F] float32 feature columns
}


@dataclass(frozen=True)
class DatasetType:
    name: str
    title: str
    description: str
    task: TaskName
    num_classes: int  # 0 for regression
    kind: DataKind
    options_model: type[BaseModel]
    generate: GenerateFn  # (options, rng) -> ((N, 2) points or (N, C, H, W) images, (N,) labels or targets)
    input_shape: ShapeFn  # the Input shape its options give: analysis needs no generated data
    class_names: tuple[str, ...] = ()  # classification: a name per class, for previews
    classes_from: ClassesFn | None = None  # when set, the options choose num_classes (e.g. the vocabulary size)
    task_from: TaskFn | None = None  # when set, the options choose the task (e.g. `target: "mask"`)
    vocab_from: ClassesFn | None = None  # token sets: the number of token ids their options give
    # extra preview fields its options give (a table's columns, a tokenizer's merges), merged into the preview
    describe: Callable[[Any], dict[str, Any]] | None = None
    held_out_tail: bool = False  # the generator puts the test examples last (held-out text), so no shuffled split
    owner: str | None = None  # the session a source's declaration belongs to (None: every session sees it)
    symbols: SymbolsFn | None = None  # token sets: the symbol of each token id, for labels in probes and previews

    @property
    def capabilities(self) -> KindInfo:
        return KINDS[self.kind]

    def task_of(self, options: Any) -> Task:
        """The task these (validated) options pose: the declared one unless the options choose another."""
        if self.task_from is not None:
            return self.task_from(options)
        return Task(self.task, self.classes_from(options) if self.classes_from else self.num_classes)

    def catalog_entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "task": self.task,
            "num_classes": self.task_of(self.options_model()).num_classes,
            "kind": self.kind,
            "options_schema": self.options_model.model_json_schema(),
            "input_shape": self.input_shape(self.options_model()),
        }


DATASETS: dict[str, DatasetType] = {}


def register(dataset: DatasetType) -> DatasetType:
    if dataset.name in DATASETS:
        raise ValueError(f"dataset {dataset.name!r} is declared twice")
    if get_task_type(dataset.task).has_classes == (dataset.num_classes == 0):
        raise ValueError(f"dataset {dataset.name!r}: num_classes must be 0 exactly for tasks without classes")
    if dataset.kind not in KINDS:
        raise ValueError(f"dataset {dataset.name!r}: unknown kind {dataset.kind!r}")
    DATASETS[dataset.name] = dataset
    return dataset


class DatasetSource(Protocol):
    """Declarations that are not built in (e.g. uploaded files): named `prefix` + an id, owned by a session."""

    prefix: str

    def resolve(self, name: str) -> DatasetType | None: ...

    def declarations(self, owner: str) -> list[DatasetType]: ...


SOURCES: dict[str, DatasetSource] = {}


def add_source(source: DatasetSource) -> None:
    """Serve `source`'s declarations from now on (one source per prefix: a later one replaces it)."""
    SOURCES[source.prefix] = source


def dataset_catalog(owner: str | None = None) -> list[dict[str, Any]]:
    """The JSON of `GET /api/datasets`: the built-in datasets, then the sources' ones of this session."""
    sourced = [d for source in SOURCES.values() for d in source.declarations(owner)] if owner else []
    return [dataset.catalog_entry() for dataset in [*DATASETS.values(), *sourced]]


class DatasetSpec(BaseModel):
    """Which dataset an experiment uses and with which options (validated by `parse_options`)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN

    name: str = Field("circle", description="A dataset name from GET /api/datasets.")
    options: dict[str, Any] = Field(default_factory=dict,
                                    description="The dataset's options; omitted ones take their defaults.")


def get_dataset_type(name: str, owner: str | None = None) -> DatasetType:
    """The declaration named `name` (one of `owner`'s, when given), or a SpecError that lists the available names."""
    if name in DATASETS:
        return DATASETS[name]
    source = next((s for prefix, s in SOURCES.items() if name.startswith(prefix)), None)
    found = source.resolve(name) if source else None
    if found is not None and (owner is None or found.owner in (None, owner)):
        return found
    close = difflib.get_close_matches(name, DATASETS, n=1)
    hint = say("did_you_mean_dataset", name=close[0]) if close else ""
    raise SpecError.one(say("unknown_dataset", name=name, hint=hint, known=", ".join(DATASETS)), field="dataset.name")


def parse_options(spec: DatasetSpec, owner: str | None = None) -> BaseModel:
    """Validate the spec's options against its dataset's model; every problem becomes one issue."""
    model = get_dataset_type(spec.name, owner).options_model
    try:
        return model.model_validate(spec.options)
    except ValidationError as err:
        raise SpecError([_option_issue(model, e) for e in err.errors()]) from None


@dataclass(frozen=True)
class DatasetShape:
    """What analysis needs of a dataset, answered from its options alone (no example is generated)."""

    input_shape: tuple[int, ...]
    task: Task
    vocab_size: int | None = None  # token sets: ids run from 0 to vocab_size − 1


def shape_of(spec: DatasetSpec, owner: str | None = None) -> DatasetShape:
    """The Input shape and the task a dataset spec poses (to `owner`'s session, when given); raises SpecError for
    a bad name or options."""
    dataset = get_dataset_type(spec.name, owner)
    options = parse_options(spec, owner)
    vocab = dataset.vocab_from(options) if dataset.vocab_from else None
    return DatasetShape(tuple(dataset.input_shape(options)), dataset.task_of(options), vocab)


def _option_issue(model: type[BaseModel], err: Any) -> Issue:
    loc = tuple(err.get("loc") or ())
    if not loc:
        return field_issue("options", err).model_copy(update={"field": "dataset.options"})
    name = str(loc[0])
    where = name + "".join(f"[{part}]" for part in loc[1:])  # e.g. features[2] for one bad list item
    sentence = _sentence(model, name, err)
    if isinstance(sentence, Said):
        return Issue.said(say("field_says", field=where, problem=sentence), field=f"dataset.options.{name}")
    return Issue(field=f"dataset.options.{name}", message=f"{where} {sentence}")


def _sentence(model: type[BaseModel], name: str, err: Any) -> str | Said:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal"):
        bounds = model.model_json_schema().get("properties", {}).get(name, {})
        if "minimum" in bounds and "maximum" in bounds:  # both bounds help more than the one that was crossed
            return say("between", low=bounds["minimum"], high=bounds["maximum"], got=err.get("input"))
    if kind == "extra_forbidden":
        known = ", ".join(model.model_fields)
        return say("not_a_dataset_option", known=known)
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "is invalid")))
    if kind == "too_short":
        return say("at_least_items", limit=ctx.get("min_length"))
    return explain_validation_error(err) or describe_validation_error(err)
