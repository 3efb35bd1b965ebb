"""A real Neurona server in a subprocess (uvicorn, worker processes, SQLite file), for API, ws and e2e tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(self, data_dir: Path, port: int | None = None, **env: str):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.env = {**os.environ, "NEURONA_DATA_DIR": str(data_dir), "NEURONA_MAX_WORKERS": "2", **env}
        self.log = data_dir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0, poll: float = 0.2, ready: bool = True) -> ServerProcess:
        """Launch, and return once /healthz answers: with "ok" (the API is ready) or, if not `ready`, at all
        (the server answers "starting" while it loads PyTorch)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "neurona.cli", "serve", "--port", str(self.port)],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self.wait(timeout, poll, ready)

    def wait(self, timeout: float = 60.0, poll: float = 0.2, ready: bool = True) -> ServerProcess:
        assert self.process is not None, "start the server first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            try:
                answer = httpx.get(f"{self.url}/healthz", timeout=1)
                if answer.status_code == 200 and (not ready or answer.json()["status"] == "ok"):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(poll)
        self.stop()
        raise RuntimeError(f"server did not come up:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """Die as a crash would: no shutdown handlers, workers included."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
