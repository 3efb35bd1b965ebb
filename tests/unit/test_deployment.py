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


def test_the_ray_department_is_an_api_server_a_head_gpu_workers_and_postgresql() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.ray.yml").read_text())["services"]
    api, head, worker, database = (services[name] for name in ("neurona", "ray-head", "ray-worker", "postgres"))
    env = api["environment"]
    assert env["NEURONA_RUNNER"] == "ray" and set(Settings.model_fields) >= {
        name.removeprefix("NEURONA_").lower() for name in env if name.startswith("NEURONA_")}
    assert f"--address={env['NEURONA_RAY_ADDRESS']}" in worker["command"], "the workers join the head the server uses"
    assert f"--port={env['NEURONA_RAY_ADDRESS'].rsplit(':', 1)[1]}" in head["command"]
    user, db = database["environment"]["POSTGRES_USER"], database["environment"]["POSTGRES_DB"]
    assert env["NEURONA_DATABASE_URL"].startswith(f"postgresql://{user}:") and env["NEURONA_DATABASE_URL"].endswith(
        f"@postgres:5432/{db}")
    data_dir = dockerfile_env()["NEURONA_DATA_DIR"]
    for service in (api, head, worker):  # one image, and one data directory every node reads and writes
        assert service["build"]["args"] == {"DEVICE": "cuda", "EXTRAS": "export,postgres,ray"}
        assert f"neurona-data:{data_dir}" in service["volumes"]
    assert "ARG EXTRAS=" in (ROOT / "Dockerfile").read_text()
    assert worker["deploy"]["resources"]["reservations"]["devices"][0]["capabilities"] == ["gpu"]
