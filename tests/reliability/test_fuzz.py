"""Schemathesis over the whole API of a live server: every generated request is answered below 500, with a
status code the operation declares and a body its declared model accepts. Path ids are sometimes swapped for
real experiments of the fuzzing session, so the handlers behind the 404 are reached too.

The schema is the application's own document (the one the live server serves at /openapi.json), read at import
so pytest can parametrize one test per operation; every request goes to the live server."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from neurona.app import create_app
from tests.api.helpers import body
from tests.reliability.conftest import figure, scale

TOKEN = f"fuzz-{uuid.uuid4().hex}"
HEADERS = {"X-Neurona-Token": TOKEN}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
EXAMPLES = scale(50, 300)  # per operation; parameterless ones have far fewer distinct requests
answered: Counter[int] = Counter()
PICK = random.Random(0)  # which cases get a real id: the same ones every run
real_ids: list[str] = []


# Session-scoped: under xdist a worker may run other modules between the fuzzing tests, which would end a module
# fixture (and its count) early; the session of the worker that holds the "fuzz" group ends after all of them.
@pytest.fixture(scope="session")
def fuzzed(sqlite_server: str) -> Iterator[str]:
    with httpx.Client(base_url=sqlite_server, headers=HEADERS, timeout=30) as client:
        for _ in range(3):  # not started, so any control or settings change meets a real run
            real_ids.append(client.post("/api/experiments", json=body(epochs=1)).json()["id"])
    yield sqlite_server
    total = sum(answered.values())
    figure("fuzzed requests", total)
    figure("answers by status", dict(sorted(answered.items())))
    figure("5xx answers", sum(n for code, n in answered.items() if code >= 500))
    # Checked once every fuzzing test has run (in whatever order the worker took them): the suite's
    # promise is at least 1,000 requests and not one 5xx.
    assert total >= 1000, answered
    assert not [code for code in answered if code >= 500], answered


schema = schemathesis.openapi.from_dict(create_app().openapi())
# `make test` runs this module in one process (-n0): the count adds up the requests of every fuzzing test.
pytestmark = pytest.mark.xdist_group("fuzz")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_answer_is_declared_and_below_500(fuzzed: str, case: schemathesis.Case) -> None:
    if "experiment_id" in case.path_parameters and PICK.random() < 0.5:
        case.path_parameters["experiment_id"] = PICK.choice(real_ids)
    response = case.call_and_validate(base_url=fuzzed, headers=HEADERS, checks=CHECKS, timeout=30)
    answered[response.status_code] += 1
