"""A real Ray cluster on this machine for the cluster tests: a head and worker nodes, each a raylet of its own
(Ray's cluster utilities start them as `ray start` would, from this process), sized to fit a 2-core machine: one
CPU per node, a small object store, no dashboard. Only loopback addresses are used.

A node is killed as a machine dies: every process of it at once (its raylet and what the raylet started), with no
chance to say goodbye, so the head learns of it only when the node's health checks fail (a second or two here).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import Any

from ray.cluster_utils import Cluster

OBJECT_STORE_BYTES = 80 * 1024 * 1024
HEALTH = {"health_check_period_ms": 500, "health_check_timeout_ms": 500, "health_check_failure_threshold": 3}
NODE = {"num_cpus": 1, "object_store_memory": OBJECT_STORE_BYTES, "node_ip_address": "127.0.0.1"}
# Ray reports usage statistics by default, and its memory monitor would kill a run on a machine shared with
# other test suites: both off. Ray also turns 127.0.0.1 into the machine's outward address unless it takes the
# machine for one that cannot form clusters (its setting for macOS, which keeps every address on loopback; the
# cluster utilities form one anyway).
QUIET_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_memory_monitor_refresh_ms": "0",
             "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


class RayCluster:
    def __init__(self, workers: int = 2):
        self.workers = workers
        self.cluster: Cluster | None = None
        self.nodes: list[Any] = []  # the worker nodes (ray._private.node.Node)

    def start(self) -> RayCluster:
        os.environ.update(QUIET_ENV)
        self.cluster = Cluster(initialize_head=True, connect=False, head_node_args={
            **NODE, "include_dashboard": False, "_system_config": HEALTH})
        self.nodes = [self.cluster.add_node(**NODE) for _ in range(self.workers)]
        self.cluster.wait_for_nodes(timeout=120)
        return self

    @property
    def address(self) -> str:
        assert self.cluster is not None
        return str(self.cluster.address)

    def env(self) -> dict[str, str]:
        """What a Neurona server needs to train on this cluster."""
        return {"NEURONA_RUNNER": "ray", "NEURONA_RAY_ADDRESS": self.address, "NEURONA_TORCH_THREADS": "1",
                **QUIET_ENV}

    def raylet_pids(self) -> dict[int, Any]:
        """Each worker node by its raylet's process id."""
        return {node.all_processes["raylet"][0].process.pid: node for node in self.nodes}

    def node_of(self, pid: int) -> Any | None:
        """The worker node a process belongs to (its raylet is among its ancestors), or None (the head's)."""
        raylets = self.raylet_pids()
        while pid > 1:
            if pid in raylets:
                return raylets[pid]
            pid = parent_of(pid)
        return None

    def kill(self, node: Any) -> None:
        """Kill a worker node as a crash would: its raylet and every process under it, at once."""
        raylet = node.all_processes["raylet"][0].process.pid
        for pid in [raylet, *descendants(raylet)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert self.cluster is not None
        self.cluster.remove_node(node, allow_graceful=False)
        self.nodes.remove(node)

    def add_worker(self) -> Any:
        assert self.cluster is not None
        node = self.cluster.add_node(**NODE)
        self.nodes.append(node)
        self.cluster.wait_for_nodes(timeout=120)
        return node

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.shutdown()


def parent_of(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[1])


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            children.setdefault(parent_of(int(entry.name)), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def run_pids() -> list[int]:
    """The processes of Ray actors training runs (Ray names one after its class and method: ray::Run.train)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if line.startswith(("ray::Run ", "ray::Run.")):
                pids.append(int(entry.name))
    return pids
