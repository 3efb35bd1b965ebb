"""Messages as templates: a sentence is kept as its key and values (`Said`) until it is answered, and rendered
then in the reader's language, so what is translated is the template, never the finished string.

The English templates are here, next to the code that says them; `es/messages.json` holds the Spanish ones under
the same keys (tests/unit/test_translations.py checks both have the same keys and placeholders). A value may be
another `Said` (a hint, a phrase), rendered in the same language.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .catalogs import HERE, Kind, catalog
from .language import Language

ENGLISH: dict[str, str] = {
    "at_node": "{node}: {message}",
    # the graph (spec/analyze.py)
    "duplicate_id": "two nodes share this id; rename one",
    "unknown_layer": "unknown layer type '{type}'; {hint}",
    "did_you_mean": "did you mean {name}?",
    "pick_from_palette": "pick one from the layer palette",
    "edge_to_nowhere": "an edge {source} → {target} points to a node that does not exist ({missing}); delete the edge",
    "edge_to_itself": "an edge connects this node to itself; delete it",
    "port_unconnected": "input '{port}' is not connected; draw an edge into it",
    "input_unconnected": "its input is not connected; draw an edge into it",
    "no_input": "the graph has no Input node; add one from the palette and connect it",
    "second_input": "a network has one Input, but '{first}' is one already; delete this one",
    "cycle": "is part of a cycle; a network must flow one way, so delete an edge of the loop",
    "no_output": "the graph has no output layer; connect a layer after the Input",
    "not_leading_to_output": "does not lead to the output '{output}'; connect it or delete it",
    "input_without_shape": "has no shape: declare one (e.g. 3, 224, 224) or choose a dataset",
    "output_shape": "the output has shape {shape} but this {kind} dataset needs {needed}",
    "shape_and_goal": "{shape} ({goal})",
    # what a task's output must be (tasks/builtin.py)
    "goal_two_classes": "1 unit or 2 units (two classes)",
    "goal_per_class": "one unit per class",
    "goal_one_value": "1 value: the prediction",
    "goal_sequence": "the target sequence: {count} value(s) at each of {steps} steps",
    "goal_target_shape": "the target sequence: the target's shape",
    "goal_mask": "one logit per pixel: the mask",
    "goal_pixel_scores": "{count} scores per pixel, one per class",
    "goal_input_shape": "the input's shape",
    "goal_token_scores": "one score per vocabulary token at each position",
    # shape rules (layers/)
    "flat_vector_needed": "Linear takes a flat vector but gets a {rank}-D tensor {shape}; add a Flatten before it",
    "wrong_rank": "{layer} takes {what} but gets a {rank}-D tensor {shape}; {hint}",
    "layout_sequence": "a sequence of channels × length",
    "layout_image": "an image (channels × height × width)",
    "add_reshape": "add a Reshape (e.g. to {example}) before it",
    "reshape_to_axes": "reshape it to {axes} axes",
    # parameters and request fields (errors.describe_validation_error)
    "field_says": "{field} {problem}",
    "at_least": "must be ≥ {limit} (got {got!r})",
    "above": "must be > {limit} (got {got!r})",
    "at_most": "must be ≤ {limit} (got {got!r})",
    "below": "must be < {limit} (got {got!r})",
    "required": "is required",
    "unknown_field": "is not a known field; remove it",
    "whole_number": "must be a whole number (got {got!r})",
    "number": "must be a number (got {got!r})",
    "true_or_false": "must be true or false (got {got!r})",
    "text": "must be text (got {got!r})",
    "finite_number": "must be a finite number (got {got!r})",
    "at_most_items": "must have at most {limit} items or characters",
    "at_most_characters": "must be at most {limit} characters long",
    "one_of": "must be one of {expected} (got {got!r})",
    # uploads (data/uploads/)
    "upload_where": "{where}: {what}",
    "upload_row": "row {row}",
    "upload_column": "column {column!r}",
    "empty_cell": "is empty; feature columns must hold numbers (fill in or remove the row, or drop the column)",
    "not_a_number_cell": "holds {value!r}, which is not a number; feature columns must hold numbers (fill in or "
                         "remove the row, or drop the column)",
    "not_finite_cell": "holds {value!r}; values must be finite numbers",
    # classroom rooms' locks (rooms/locks.py)
    "room_locked_part": "the teacher of room '{code}' locked {what}, and {where} differs from what they shared; load "
                        "the shared preset again (Load shared, beside the room's code) or ask the teacher to unlock it",
    "room_locked_live": "the teacher of room '{code}' locked the training settings, so {where} cannot change while "
                        "this run trains; ask the teacher to unlock them",
    "room_locked_action": "the teacher of room '{code}' locked {what}; ask the teacher to unlock it",
    "room_part_graph": "the network",
    "room_part_dataset": "the data set",
    "room_part_training": "the training settings",
    "room_part_uploads": "uploading data",
    "room_part_export": "export",
}


class Said:
    """A sentence as its template key and values; `str()` is the English, `render(lang)` any language's."""

    __slots__ = ("args", "key")

    def __init__(self, key: str, **args: Any):
        if key not in ENGLISH:
            raise KeyError(f"no message template {key!r}; declare it in neurona/i18n/messages.py")
        self.key = key
        self.args = args

    def render(self, lang: Language) -> str:
        values = {name: value.render(lang) if isinstance(value, (Said, Joined, Named)) else value
                  for name, value in self.args.items()}
        return template(self.key, lang).format(**values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.args!r})"


class Joined:
    """Parts said one after another (`iris.csv, row 7, column 'width'`), each in the reader's language."""

    __slots__ = ("parts", "separator")

    def __init__(self, parts: list[str | Said], separator: str = ", "):
        self.parts = parts
        self.separator = separator

    def render(self, lang: Language) -> str:
        return self.separator.join(render(part, lang) for part in self.parts)


class Named:
    """A declaration named in a sentence: its name in English, its translated title (in lower case) otherwise."""

    __slots__ = ("kind", "name")

    def __init__(self, kind: Kind, name: str):
        self.kind = kind
        self.name = name

    def render(self, lang: Language) -> str:
        text = catalog(self.kind, lang).entries.get(self.name)
        return text.title.lower() if lang != "en" and text and text.title else self.name


def say(key: str, **args: Any) -> Said:
    return Said(key, **args)


@cache
def templates(lang: Language) -> dict[str, str]:
    """Every template of a language (English: the table above; others: their file, keyed the same)."""
    if lang == "en":
        return ENGLISH
    path = HERE / lang / "messages.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def template(key: str, lang: Language) -> str:
    return templates(lang).get(key) or ENGLISH[key]


def render(message: str | Said, lang: Language) -> str:
    return message.render(lang) if isinstance(message, Said) else message
