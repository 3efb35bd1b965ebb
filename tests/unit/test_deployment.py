"""The Docker files agree with each other and with the server's settings (no engine runs here, so the files are
read as compose and the server would read them)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from neurona.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile_env() -> dict[str, str]:
    text = (ROOT / "Dockerfile").read_text()
    return dict(re.findall(r"(NEURONA_\w+)=(\S+)", text))


def test_a_cpu_host_needs_no_edits_and_a_gpu_host_names_its_profile() -> None:
    services = compose()["services"]
    default = dict(line.split("=", 1) for line in (ROOT / ".env").read_text().splitlines()
                   if line and not line.startswith("#"))["COMPOSE_PROFILES"]
    cpu = [s for s in services.values() if default in s["profiles"]]
    gpu = [s for s in services.values() if "gpu" in s["profiles"]]
    assert len(cpu) == 1 and cpu[0]["build"]["args"]["DEVICE"] == "cpu" and "deploy" not in cpu[0]
    assert len(gpu) == 1 and gpu[0]["build"]["args"]["DEVICE"] == "cuda"
    devices = gpu[0]["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["driver"] == "nvidia" and "gpu" in devices[0]["capabilities"]


def test_every_service_keeps_its_data_where_the_server_writes_it() -> None:
    env = dockerfile_env()
    data_dir = env["NEURONA_DATA_DIR"]
    for service in compose()["services"].values():
        assert any(v.endswith(f":{data_dir}") for v in service["volumes"])
        assert f"{env['NEURONA_PORT']}:{env['NEURONA_PORT']}" in service["ports"]
    assert set(env) <= {f"NEURONA_{name.upper()}" for name in Settings.model_fields}, "the image sets real settings"


def test_the_image_is_healthy_only_once_the_api_is_ready() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"HEALTHCHECK .*/healthz.*\['status'\] != 'ok'", text)
    assert re.search(r"^USER \d+$", text, re.M), "training runs as an unprivileged user"
