"""The store on each database it supports, SQLite and a real PostgreSQL server (tests/postgres.py): migrations,
compare-and-set transitions, the metric writer thread, and values that the two databases would otherwise keep
differently (64-bit integers, times, text PostgreSQL refuses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Column, DateTime, Float, Integer, MetaData, String, Table, Text, create_engine, insert
from sqlalchemy import inspect as inspect_database

from neurona.status import ACTIVE, Status
from neurona.store.db import Store
from neurona.store.engine import DatabaseUnavailable
from tests.postgres import PostgresCluster

OpenStore = Callable[[], Store]


@pytest.fixture
def open_store(database_url: str) -> Iterator[OpenStore]:
    """Opens stores on the test's database (as a starting server would) and closes them after the test."""
    opened: list[Store] = []

    def open_one() -> Store:
        opened.append(Store(database_url))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> Store:
    return open_store()


def new(store: Store, **fields: Any) -> str:
    defaults = {"owner": "o", "name": "n", "graph": {}, "dataset": {}, "training": {}, "total_params": 0}
    return store.create(**{**defaults, **fields}).id


def row(step: int, **values: Any) -> dict[str, Any]:
    empty = {"train_loss": None, "test_loss": None, "accuracy": None, "lr": None, "val_loss": None, "metrics": {}}
    return {"step": step, "epoch": step / 10, **empty, **values}


def old_tables() -> MetaData:
    """The first release's tables: no history, warnings, race, error node, lr, validation loss or metric map."""
    meta = MetaData()
    Table("experiments", meta, Column("id", String(32), primary_key=True), Column("owner", String(128)),
          Column("name", String(200)), Column("status", String(16)), Column("graph", JSON),
          Column("dataset", JSON), Column("training", JSON), Column("total_params", Integer),
          Column("step", Integer), Column("epoch", Float), Column("last_metrics", JSON), Column("error", Text),
          Column("device", String(32)), Column("created_at", DateTime), Column("updated_at", DateTime))
    Table("metrics", meta, Column("id", Integer, primary_key=True, autoincrement=True),
          Column("experiment_id", String(32)), Column("step", Integer), Column("epoch", Float),
          Column("train_loss", Float), Column("test_loss", Float), Column("accuracy", Float))
    return meta


def test_an_old_database_gains_the_new_columns(database_url: str, open_store: OpenStore) -> None:
    meta = old_tables()
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        meta.create_all(conn)
        moment = datetime(2024, 1, 1)
        conn.execute(insert(meta.tables["experiments"]).values(
            id="abc", owner="me", name="old", status="finished", graph={}, dataset={}, training={}, total_params=1,
            step=1, epoch=1.0, created_at=moment, updated_at=moment))
        conn.execute(insert(meta.tables["metrics"]).values(experiment_id="abc", step=1, epoch=1.0, train_loss=0.5))
    engine.dispose()
    store = open_store()
    stored = store.get("abc")
    assert stored is not None and stored.history is None and stored.race_id is None and stored.error_node is None
    assert stored.created_at == datetime(2024, 1, 1, tzinfo=UTC), "a stored time without a zone is UTC"
    assert store.metrics("abc") == [row(1, epoch=1.0, train_loss=0.5)]
    assert open_store().metrics("abc") == store.metrics("abc"), "a second start finds nothing to migrate"
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    indexed = {tuple(i["column_names"]) for i in inspect_database(engine).get_indexes("experiments")}
    engine.dispose()
    assert ("room_id",) in indexed, "a column added to an old database gets its index too"


def test_servers_starting_at_once_migrate_once(open_store: OpenStore) -> None:
    """Two servers starting on one new database: one creates the tables, the other waits and finds them."""
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            open_store()
        except BaseException as err:
            failures.append(err)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_racing_transitions_have_one_winner(store: Store) -> None:
    experiment = new(store)
    barrier = threading.Barrier(8)
    won: list[bool] = []

    def press() -> None:
        barrier.wait()
        won.append(store.transition(experiment, Status.CREATED, Status.QUEUED))

    threads = [threading.Thread(target=press) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == [False] * 7 + [True]
    assert store.status(experiment) == Status.QUEUED
    assert not store.transition(experiment, Status.CREATED, Status.QUEUED)


def test_integers_are_64_bit(store: Store) -> None:
    big = 2**40  # PostgreSQL's INTEGER would overflow at 2**31
    experiment = new(store, total_params=big)
    assert store.add_metrics(experiment, [row(big, train_loss=0.5)])
    stored = store.get(experiment)
    assert stored is not None and stored.total_params == big and stored.step == big
    assert store.last_step(experiment) == big
    assert [r["step"] for r in store.metrics(experiment, after_step=big - 1)] == [big]
    assert store.metrics(experiment, after_step=2**53) == [], "the API's largest after_step compares, not overflows"


def test_times_are_utc_whatever_the_server_zone(store: Store) -> None:
    before = datetime.now(UTC)
    experiment = new(store)
    created = store.get(experiment)
    assert created is not None and created.created_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= created.created_at <= datetime.now(UTC) + timedelta(seconds=1)
    store.update(experiment, name="renamed")
    updated = store.get(experiment)
    assert updated is not None and updated.updated_at >= created.updated_at
    assert updated.created_at == created.created_at


def test_json_and_text_round_trip(store: Store) -> None:
    graph = {"nodes": [{"id": "fc1", "label": "capa ñ 層 🧠", "params": {"p": 0.1, "tiny": 1e-300, "big": 2**60}}],
             "note": "a \x00 and a lone \ud800 inside JSON"}
    experiment = new(store, graph=graph, name="é" * 200)
    stored = store.get(experiment)
    assert stored is not None and stored.graph == graph and stored.name == "é" * 200


def test_text_no_database_can_hold_is_replaced_alike(store: Store) -> None:
    """PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate: both become U+FFFD everywhere."""
    experiment = new(store, name="a\x00b\ud800c")
    stored = store.get(experiment)
    assert stored is not None and stored.name == "a\ufffdb\ufffdc"
    assert store.get("no\x00such") is None and store.get("\udfff") is None and store.status("x\x00") is None


def test_a_page_of_one_sessions_experiments_newest_first(store: Store) -> None:
    mine = [new(store, owner="me", name=f"e{i}") for i in range(5)]
    new(store, owner="other")
    assert store.count("me") == 5
    assert [r.id for r in store.list("me")] == mine[::-1]
    assert [r.id for r in store.list("me", limit=2, offset=1)] == mine[::-1][1:3]


def test_the_writer_stores_batches_and_keeps_the_newest_of_each_metric(store: Store) -> None:
    experiment = new(store)
    store.add_metrics_later(experiment, [row(1, train_loss=0.9, test_loss=0.8, accuracy=0.5, lr=0.1)])
    for step in range(2, 50):
        store.add_metrics_later(experiment, [row(step, train_loss=1 / step, lr=0.1)])
    assert [r["step"] for r in store.metrics(experiment)] == list(range(1, 50)), "a read waits for the rows"
    stored = store.get(experiment)
    assert stored is not None and stored.step == 49
    assert stored.last_metrics == {**row(49, train_loss=1 / 49, lr=0.1), "test_loss": 0.8, "accuracy": 0.5}


def test_a_second_row_for_the_last_step_completes_it(store: Store) -> None:
    experiment = new(store)
    store.add_metrics_later(experiment, [row(5, train_loss=0.4, lr=0.1)])
    store.add_metrics_later(experiment, [row(5, test_loss=0.3, accuracy=0.9, lr=0.1, metrics={"f1": 0.8})])
    assert store.metrics(experiment) == [row(5, train_loss=0.4, test_loss=0.3, accuracy=0.9, lr=0.1,
                                             metrics={"f1": 0.8})]


def test_rows_of_a_run_no_longer_active_are_refused(store: Store) -> None:
    running, stopped = new(store), new(store)
    for experiment in (running, stopped):
        assert store.transition(experiment, Status.CREATED, Status.RUNNING)
    assert store.transition(stopped, Status.RUNNING, Status.STOPPED)
    for experiment in (running, stopped):
        store.add_metrics_later(experiment, [row(1, train_loss=0.5)], while_status=ACTIVE)
    assert [r["step"] for r in store.metrics(running)] == [1]
    assert store.metrics(stopped) == []
    assert not store.add_metrics(stopped, [row(2)], while_status=ACTIVE)


def test_resuming_truncates_and_a_restart_interrupts_active_runs(store: Store) -> None:
    active, finished = new(store), new(store)
    store.add_metrics(active, [row(s, train_loss=1 / s, test_loss=0.5 if s == 2 else None) for s in range(1, 6)])
    store.truncate_metrics(active, 3)
    assert store.last_step(active) == 3 and [r["step"] for r in store.metrics(active)] == [1, 2, 3]
    summary = store.get(active)
    assert summary is not None and summary.step == 3 and summary.last_metrics == row(3, train_loss=1 / 3)
    store.transition(active, Status.CREATED, Status.RUNNING)
    store.transition(finished, Status.CREATED, Status.FINISHED)
    assert store.mark_interrupted() == 1
    assert (store.status(active), store.status(finished)) == (Status.INTERRUPTED, Status.FINISHED)


def test_history_and_warnings_append(store: Store) -> None:
    experiment = new(store)
    store.append(experiment, "history", [{"step": 1, "changes": {"lr": 0.1}}])
    store.append(experiment, "history", [{"step": 2, "changes": {"lr": 0.2}}])
    store.append(experiment, "warnings", ["w"])
    stored = store.get(experiment)
    assert stored is not None and [h["step"] for h in stored.history or []] == [1, 2] and stored.warnings == ["w"]


def test_deleting_removes_the_rows(store: Store) -> None:
    experiment = new(store)
    store.add_metrics(experiment, [row(1), row(2)])
    store.delete(experiment)
    assert store.get(experiment) is None and store.metrics(experiment) == []


def test_the_command_line_lists_the_configured_database(store: Store, database_url: str, tmp_path: Path) -> None:
    new(store, name="listed")
    env = {**os.environ, "NEURONA_DATA_DIR": str(tmp_path), "NEURONA_DATABASE_URL": database_url}
    listed = subprocess.run([sys.executable, "-m", "neurona.cli", "list", "--json"], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert [e["name"] for e in json.loads(listed.stdout)] == ["listed"]


def test_a_restarted_postgresql_server_fails_no_request(postgres_binaries: Path) -> None:
    """The pool pings a connection before handing it out and replaces those the restart closed."""
    cluster = PostgresCluster(postgres_binaries).start()  # its own: restarting the shared one would disturb other tests
    try:
        store = Store(cluster.new_database())
        experiment = new(store)
        cluster.restart()
        assert store.status(experiment) == Status.CREATED
        assert store.transition(experiment, Status.CREATED, Status.QUEUED)
        store.close()
    finally:
        cluster.stop()


@pytest.mark.parametrize(("url", "says"), [
    ("postgresql://nobody@127.0.0.1:1/none", "cannot use the database postgresql+psycopg://nobody@127.0.0.1:1/none"),
    ("not a url", "NEURONA_DATABASE_URL is not a database URL"),
    ("mysql://u:secret@127.0.0.1/db", "the driver for mysql is not installed"),
])
def test_an_unusable_database_is_named(url: str, says: str) -> None:
    with pytest.raises(DatabaseUnavailable) as err:
        Store(url)
    assert says in str(err.value) and "secret" not in str(err.value)
