"""Server settings, read from NEURONA_* environment variables."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEURONA_")

    data_dir: Path = Field(Path("neurona-data"), description="Where the SQLite file and checkpoints live.")
    database_url: str | None = Field(None, description="SQLite (the default, a file in data_dir) or PostgreSQL "
                                     "(postgresql://user:password@host:5432/db, with the `postgres` extra).")
    database_pool_size: int = Field(10, ge=1, le=1000, description="PostgreSQL connections kept open (as many "
                                    "again may open under load); SQLite ignores it.")
    host: str = "127.0.0.1"
    port: int = 8000
    max_workers: int = Field(2, ge=1, le=64, description="Training jobs that run at once; the rest queue (the "
                             "embedded runner; on Ray, as many run as the cluster has room for).")
    torch_threads: int = Field(0, ge=0, description="Threads per worker; 0 shares the cores among workers (on Ray: "
                               "the CPUs each run reserves, 0 meaning 1).")
    # Where runs train (docs/department.md): worker processes of this server, or actors on a Ray cluster.
    runner: Literal["embedded", "ray"] = Field("embedded", description="embedded: worker processes of this server; "
                                                "ray: one actor per run on a Ray cluster (the `ray` extra).")
    ray_address: str = Field("auto", description="The Ray cluster's head (host:port); auto starts a cluster of "
                             "this machine alone.")
    ray_gpu_fraction: float = Field(1.0, gt=0, le=1, description="The share of a GPU a run on a GPU reserves on "
                                    "Ray (0.25: four runs share one GPU).")
    max_params: int = Field(50_000_000, ge=1, description="Largest model (in parameters) a run may start with.")
    max_activation_mb: float = Field(512.0, gt=0, description="Most activation memory (MB) a run may start with: "
                                     "batch_size × activation_bytes × 2 (forward and backward).")
    pause_timeout: float = Field(600.0, gt=0, description="Seconds a paused run keeps its worker while others wait.")
    max_steps: int = Field(1_000_000, ge=1, description="Most training steps one run may take.")
    max_run_seconds: float = Field(0.0, ge=0, description="Most seconds of training one run may take (0 = no cap).")
    boundary_resolution: int = Field(48, ge=8, le=256, description="Cells per side of the boundary heatmap.")
    max_body_kb: int = Field(2048, ge=1, le=1_048_576, description="Largest request body (KB) the API reads; a "
                             "larger one is refused with 413 before it is read into memory.")
    probe_hz: float = Field(10.0, gt=0, le=60, description="Most tensor frames (e.g. boundaries) a second.")
    eval_hz: float = Field(4.0, gt=0, le=100, description="Most test/validation evaluations a second (also bounded "
                           "to 2% of training time; pause, stop, finish and judged epoch ends are evaluated too).")
    # Uploads (POST /api/uploads): streamed to disk, so these bound the disk and the import, not the request memory.
    max_upload_mb: float = Field(50.0, gt=0, description="Largest uploaded file (MB); larger ones get 413.")
    max_upload_rows: int = Field(100_000, ge=2, description="Most data rows in an uploaded CSV.")
    max_upload_columns: int = Field(1000, ge=2, description="Most columns in an uploaded CSV (target included).")
    max_upload_images: int = Field(10_000, ge=2, description="Most images in an uploaded zip.")
    max_image_pixels: int = Field(4_000_000, ge=1, description="Most pixels (width × height) of one uploaded image.")
    max_unzipped_mb: float = Field(500.0, gt=0, description="Most bytes (MB) an uploaded zip may unpack to; zips "
                                   "that would unpack to more, or 100 times their size, are refused as zip bombs.")
    max_text_mb: float = Field(10.0, gt=0, description="Largest uploaded text file (MB), for language models.")
    max_uploads: int = Field(20, ge=1, description="Most uploaded datasets one session may keep.")
    # Short links (POST /api/links): anyone may open one, so what a session can store is bounded.
    max_link_kb: int = Field(128, ge=1, le=2048, description="Largest workspace (KB of JSON) a short link holds.")
    max_links_per_hour: int = Field(60, ge=1, description="Most new short links one session may make in an hour.")

    @cached_property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'neurona.db').resolve()}"

    def threads_per_worker(self) -> int:
        return self.torch_threads or max(1, (os.cpu_count() or 1) // self.max_workers)
