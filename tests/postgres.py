"""A real PostgreSQL server for the store and API tests: Debian's `postgresql` package (`make test` installs it),
initialised in a temporary directory and started on a free port for one test session, then stopped and removed.

PostgreSQL refuses to run as root, so under root (as in CI) its commands run as the `postgres` user the package
creates. The server's time zone is deliberately not UTC, so a time the store reads back in the session's zone
instead of UTC shows up in the tests. Durability is off (fsync, synchronous commit): a test server never
outlives a crash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.server import free_port

SERVER_ZONE = "Pacific/Auckland"  # UTC+12/+13: any time read back in the session's zone is far off
SUPERUSER = "neurona"


def binaries() -> Path | None:
    """The directory holding initdb and pg_ctl: the newest version under /usr/lib/postgresql (Debian keeps them
    off PATH), else wherever PATH has pg_ctl; None when PostgreSQL is not installed."""
    versions = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    versions.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    if versions:
        return versions[-1]
    on_path = shutil.which("pg_ctl")
    return Path(on_path).resolve().parent if on_path else None


class PostgresCluster:
    """One initdb'd cluster on 127.0.0.1:port; `new_database` hands each test (or server) its own database."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        # Not under pytest's temporary directory: that is private to root, and the server's user must reach it.
        self.root = Path(tempfile.mkdtemp(prefix="neurona-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.run_as = "postgres" if os.geteuid() == 0 else None

    def start(self) -> PostgresCluster:
        if self.run_as:
            shutil.chown(self.root, self.run_as)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c timezone={SERVER_ZONE} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        try:
            self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        except subprocess.CalledProcessError as err:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {err.stderr}\n{log}") from err
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def restart(self) -> None:
        """Stop the server, dropping every connection, and start it again with the same options."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, cwd=self.root)
