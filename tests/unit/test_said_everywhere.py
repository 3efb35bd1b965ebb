"""What the server tells a user is a message template, so it can be said in Spanish: no shape error, refusal
(404, 409, 413, 429), upload problem, probe problem or request problem is raised with a finished English string.

The check reads the source: a call of one of these errors, or of the graph check's `problem`, whose message is a
string literal or an f-string fails here, named by file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import neurona

PACKAGE = Path(neurona.__file__).parent
ERRORS = {"ShapeError", "NotFound", "Conflict", "TooLarge", "TooMany", "QuotaExceeded", "NoWeights", "UploadProblem",
          "WatchProblem", "ExpressionError"}
# Classroom rooms (issue 15) still answer in English; listed so that no other module joins them unnoticed.
STILL_ENGLISH = {"rooms/router.py", "rooms/service.py"}


def _called(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return f"{owner}.{func.attr}" if owner == "SpecError" else func.attr
    return None


def _english_only(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _called(node)
        if (name in ERRORS or name in ("SpecError.one", "problem")) and isinstance(node.args[0],
                                                                                (ast.JoinedStr, ast.Constant)):
            found.append(f"{where}:{node.lineno} {name}")
    return found


def test_errors_are_raised_with_message_templates() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where not in STILL_ENGLISH:
            found += _english_only(path.read_text(encoding="utf-8"), where)
    assert found == [], "declare these messages in neurona/i18n/english/ and say them with say(...)"


def test_the_check_finds_a_finished_english_string() -> None:
    source = ('raise NotFound(f"experiment {x} not found")\n'
              'raise ShapeError(say("kernel_too_large", kernel=3, size="2×2"), "kernel_size")\n'
              'a.problem("the graph has two outputs", None, "output")\n'
              'raise SpecError.one(say("masks_empty"), field="smooth")\n')
    assert _english_only(source, "sample.py") == ["sample.py:1 NotFound", "sample.py:3 problem"]
