"""The teacher view's per-run figures (best accuracy, recent losses) stay right while they are read incrementally:
after more rows, after an evaluation that completes the newest row in place, and after a resume that drops rows."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from neurona.rooms.service import SPARK_POINTS, RoomService
from neurona.store.db import Store
from neurona.store.schema import ExperimentRow


def _row(step: int, loss: float, accuracy: float | None = None) -> dict[str, Any]:
    return {"step": step, "epoch": step / 10, "train_loss": loss, "test_loss": None, "accuracy": accuracy,
            "lr": 0.1, "val_loss": None, "metrics": {}}


def _service(tmp_path: Path) -> tuple[RoomService, Store]:
    store = Store(f"sqlite:///{tmp_path / 'rooms.db'}")
    return RoomService(SimpleNamespace(store=store)), store  # type: ignore[arg-type]  (it reads only the store)


def _truth(store: Store, run: str) -> tuple[float | None, list[float]]:
    rows = store.metrics(run)
    accuracies = [r["accuracy"] for r in rows if r["accuracy"] is not None]
    return (max(accuracies) if accuracies else None), [r["train_loss"] for r in rows][-SPARK_POINTS:]


def _read(svc: RoomService, store: Store, run: str) -> tuple[float | None, list[float]]:
    row = store.get(run)
    assert isinstance(row, ExperimentRow)
    measured = svc._measure([row])[run]
    return measured.best, measured.losses


def test_incremental_reads_match_reading_everything(tmp_path: Path) -> None:
    svc, store = _service(tmp_path)
    run = store.create(owner="s", name="r", graph={}, dataset={"name": "spiral"}, training={}, room_id="x").id
    store.add_metrics(run, [_row(k, 1 / k, 0.5 if k == 3 else None) for k in range(1, 31)])
    assert _read(svc, store, run) == _truth(store, run) == (0.5, [1 / k for k in range(1, 31)])

    store.add_metrics(run, [_row(k, 1 / k, 0.4 if k == 50 else None) for k in range(31, 61)])
    assert _read(svc, store, run) == _truth(store, run)  # the best so far is kept; the losses slide
    assert len(_read(svc, store, run)[1]) == SPARK_POINTS

    store.add_metrics(run, [_row(60, 1 / 60, 0.9)])  # a stop's evaluation completes the newest row in place
    assert _read(svc, store, run)[0] == 0.9 == _truth(store, run)[0]

    store.truncate_metrics(run, 10)  # a resumed run drops the rows after its checkpoint
    store.add_metrics(run, [_row(11, 0.2, 0.45)])
    assert _read(svc, store, run) == _truth(store, run) == (0.5, [1 / k for k in range(1, 11)] + [0.2])
