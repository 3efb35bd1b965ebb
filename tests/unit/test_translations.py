"""Every declaration the catalog endpoints show has its Spanish texts, and every Spanish text has a declaration.

The English texts live in the declarations; `neurona/i18n/es/<kind>.json` adds the Spanish ones. A new layer,
dataset, optimizer, schedule, task, loss, metric, probe or explainer field without its Spanish text fails here,
named, as does a translation left behind by a renamed one.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from neurona.data.registry import DATASETS
from neurona.gallery import TEMPLATES
from neurona.i18n import KINDS, Kind, Language, catalog
from neurona.i18n.messages import ENGLISH, Named, say, templates
from neurona.layers.registry import LAYERS
from neurona.lessons.explainers import EXPLAINERS
from neurona.probes import PROBES
from neurona.tasks.losses import LOSSES
from neurona.tasks.metrics import METRICS
from neurona.tasks.registry import TASKS
from neurona.train.optimizers import OPTIMIZERS
from neurona.train.schedules import SCHEDULES


@dataclass(frozen=True)
class English:
    """What a declaration shows in English: its title (None when not translated), description and form fields."""

    title: str | None
    description: str | None
    fields: dict[str, str | None]  # field name → its English help (None when it has none)


def _fields(schema: dict[str, Any] | None) -> dict[str, str | None]:
    return {name: prop.get("description") for name, prop in (schema or {}).get("properties", {}).items()}


DECLARED: dict[Kind, Callable[[], dict[str, English]]] = {
    # A layer's title is its PyTorch name, which students type in code: it stays as it is.
    "layers": lambda: {n: English(None, d.description, _fields(d.params.model_json_schema()))
                       for n, d in LAYERS.items()},
    "datasets": lambda: {n: English(d.title, d.description, _fields(d.options_model.model_json_schema()))
                         for n, d in DATASETS.items()},
    "optimizers": lambda: {n: English(d.title, d.description, _fields(d.params.model_json_schema()))
                           for n, d in OPTIMIZERS.items()},
    "schedules": lambda: {n: English(d.title, d.description, _fields(d.params.model_json_schema()))
                          for n, d in SCHEDULES.items()},
    "tasks": lambda: {n: English(d.title, d.description, {}) for n, d in TASKS.items()},
    "losses": lambda: {n: English(d.title, d.description, {}) for n, d in LOSSES.items()},
    "metrics": lambda: {n: English(d.title, d.description, {}) for n, d in METRICS.items()},
    "probes": lambda: {n: English(d.title, d.description, _fields(d.options.model_json_schema()))
                       for n, d in PROBES.items()},
    # An explainer's title and description are already bilingual (lessons' Text); its form fields are not.
    "explainers": lambda: {n: English(None, None, _fields(d.input.model_json_schema())) for n, d in EXPLAINERS.items()},
    "templates": lambda: {t["id"]: English(t["title"], t["description"], {}) for t in TEMPLATES},
}


def _missing(kind: Kind) -> list[str]:
    spanish = catalog(kind, "es")
    problems: list[str] = []
    for name, english in DECLARED[kind]().items():
        entry = spanish.entries.get(name)
        if english.title is not None and (entry is None or not entry.title):
            problems.append(f"{name}: title")
        if english.description is not None and (entry is None or not entry.description):
            problems.append(f"{name}: description")
        for field, help_text in english.fields.items():
            text = spanish.field(name, field)
            if text is None:
                problems.append(f"{name}.{field}: title")
            elif help_text is not None and text.description is None:
                problems.append(f"{name}.{field}: description")
    return problems


def test_every_kind_is_checked() -> None:
    assert set(DECLARED) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_declaration_has_its_spanish_text(kind: Kind) -> None:
    assert _missing(kind) == [], f"add these to neurona/i18n/es/{kind}.json"


@pytest.mark.parametrize("kind", KINDS)
def test_every_spanish_text_belongs_to_a_declaration(kind: Kind) -> None:
    declared = DECLARED[kind]()
    spanish = catalog(kind, "es")
    stale = [name for name in spanish.entries if name not in declared]
    stale += [f"{name}.{field}" for name, entry in spanish.entries.items() if name in declared
              for field in entry.fields if field not in declared[name].fields]
    every_field = {field for english in declared.values() for field in english.fields}
    stale += [f"fields.{field}" for field in spanish.fields if field not in every_field]
    assert stale == [], f"remove these from neurona/i18n/es/{kind}.json (or rename them)"


@pytest.mark.parametrize("kind", KINDS)
def test_a_shared_field_text_translates_one_english_text(kind: Kind) -> None:
    """A kind-wide field translation stands for one English help: where declarations word it differently, each
    needs its own, or one of them would show another's explanation."""
    spanish = catalog(kind, "es")
    helps: dict[str, set[str | None]] = {}
    for name, english in DECLARED[kind]().items():
        own = spanish.entries.get(name)
        for field, help_text in english.fields.items():
            shared = spanish.fields.get(field)
            if shared is not None and shared.description is not None and not (own and field in own.fields):
                helps.setdefault(field, set()).add(help_text)
    assert {field: texts for field, texts in helps.items() if len(texts) > 1} == {}


def _placeholders(template: str) -> list[tuple[str, str | None]]:
    """The values a template says, each with its conversion (`!r` quotes it in both languages)."""
    return sorted({(name, conv) for _text, name, _spec, conv in string.Formatter().parse(template) if name})


def test_every_message_template_is_in_spanish_with_the_same_placeholders() -> None:
    spanish = templates("es")
    assert sorted(set(ENGLISH) - set(spanish)) == [], "add these to neurona/i18n/es/messages.json"
    assert sorted(set(spanish) - set(ENGLISH)) == [], "remove these from neurona/i18n/es/messages.json"
    differ = {k: (_placeholders(ENGLISH[k]), _placeholders(v)) for k, v in spanish.items()
              if _placeholders(v) != _placeholders(ENGLISH[k])}
    assert differ == {}, "a Spanish template must say the same values as its English one"
    untranslated = [k for k, v in spanish.items() if v == ENGLISH[k] and any(c.isalpha() for c in _words(v))]
    assert untranslated == [], "these Spanish templates are still the English text"


def _words(template: str) -> str:
    """The template's own text, without its placeholders and the code names it quotes (kernel_size, Linear)."""
    text = "".join(literal for literal, _name, _spec, _conv in string.Formatter().parse(template))
    return " ".join(w for w in text.split() if not (w.isidentifier() and ("_" in w or w[:1].isupper())))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_message_template_renders(lang: Language) -> None:
    """Every template formats with numbers for its values (`{count:,}`, `{total:.3f}` included)."""
    for key, text in templates(lang).items():
        values = {name: 1 for name, _conv in _placeholders(text)}
        assert say(key, **values).render(lang), key


def test_a_message_is_said_in_the_readers_language_down_to_its_parts() -> None:
    hint = say("did_you_mean", name="Linear")
    said = say("at_node", node="fc", message=say("unknown_layer", type="Lineer", hint=hint))
    assert str(said) == "fc: unknown layer type 'Lineer'; did you mean Linear?"
    assert said.render("es") == "fc: tipo de capa desconocido 'Lineer'; ¿querías decir Linear?"
    task = say("output_shape", shape=[3], kind=Named("tasks", "classification"), needed=say("goal_per_class"))
    assert task.render("es") == "la salida tiene forma [3], pero este conjunto de datos de clasificación necesita " \
        "una unidad por clase"
    assert str(task) == "the output has shape [3] but this classification dataset needs one unit per class"
    with pytest.raises(KeyError, match="no message template"):
        say("no_such_message")
