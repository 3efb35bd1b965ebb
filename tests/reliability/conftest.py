"""The reliability suite: each test drives a real server from outside, as a fuzzer, a crowd of clients or a
crash would, and prints its figures (`-s` shows them; `make test-reliability` runs the long version)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import ServerProcess


def figure(name: str, value: object) -> None:
    """One measured figure, on a line of its own so CI logs can be grepped for it."""
    print(f"\n[reliability] {name}: {value}", flush=True)


def scale(quick: int, full: int) -> int:
    """`make test` runs the quick size; NEURONA_RELIABILITY=full (make test-reliability) the full one."""
    return full if os.environ.get("NEURONA_RELIABILITY") == "full" else quick


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory, server_env: dict[str, str]) -> Iterator[ServerProcess]:
    """A server of the module's own (data dir, workers, database), for tests that kill it or measure its memory;
    each test leaves it running with no active run."""
    server = ServerProcess(tmp_path_factory.mktemp("reliability") / "data", **server_env).start()
    yield server
    server.kill()


def rss_kb(pid: int) -> int:
    """Resident memory of one process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")
