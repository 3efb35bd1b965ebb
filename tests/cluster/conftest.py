"""The cluster tests' fixtures: one real Ray cluster of this machine (a head and two worker nodes) for the whole
run, and Neurona servers training on it (NEURONA_RUNNER=ray). `make test-cluster` installs Ray (the `ray` extra)
and runs them; the default `make test` deselects them (marker `cluster`)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

if importlib.util.find_spec("ray") is None:  # the `ray` extra is not installed: nothing here can run
    collect_ignore_glob = ["test_*.py"]
else:
    from tests.cluster.ray_cluster import RayCluster
    from tests.server import ServerProcess

    @pytest.fixture(scope="session")
    def ray_cluster() -> Iterator[RayCluster]:
        cluster = RayCluster(workers=2).start()
        yield cluster
        cluster.stop()

    @pytest.fixture(scope="module")
    def ray_server(ray_cluster: RayCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
        """A server of the module's own, training on the cluster."""
        server = ServerProcess(Path(tmp_path_factory.mktemp("ray-data")), **ray_cluster.env())
        yield server.start(timeout=120)
        server.stop()
