"""Command line: `neurona serve | train | export | list | openapi | catalog`.

`train` runs a spec with the server's own `Trainer` in this process (same seed, same numbers as the API).
`export` and `list` read the store (the SQLite file in the data directory, or NEURONA_DATABASE_URL) and the
checkpoints directly, so they work whether or not a server is running and see every session's experiments: they
are for whoever hosts the data directory.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings

if TYPE_CHECKING:
    from .store.db import Store

EXPORT_FORMATS = ("torch", "script", "onnx", "safetensors", "spec")  # checked against export.FORMATS in the tests


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings()
    if getattr(args, "data_dir", None):
        settings = settings.model_copy(update={"data_dir": args.data_dir})
    code = args.run(args, settings)
    sys.exit(code or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="neurona", description="Neurona, the visual deep learning playground.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the web app and API", description="Serve the web app and API.")
    serve.add_argument("--host", help="address to bind (default NEURONA_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default NEURONA_PORT or 8000)")
    serve.set_defaults(run=_serve)

    train = commands.add_parser("train", help="train a spec here, with a progress bar, and print its metrics",
                                description="Train an experiment spec (the JSON of POST /api/experiments, or what "
                                "`neurona export ID --format spec` writes) in this process with the server's "
                                "trainer: the same seed gives the same metrics as the API.")
    train.add_argument("spec", type=Path, help="the spec file (JSON)")
    train.add_argument("--every", type=int, default=0, metavar="N",
                       help="print a metrics row every N steps (default: once per epoch)")
    train.add_argument("--jsonl", action="store_true", help="print every step's metrics as one JSON object per "
                       "line instead of a table (for scripts)")
    train.add_argument("--weights", type=Path, metavar="FILE", help="save the trained weights as safetensors, "
                       "keyed like the exported PyTorch module")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.set_defaults(run=_train)

    export = commands.add_parser("export", help="write an experiment as code, ONNX, weights or its spec",
                                 description="Export an experiment from the data directory (the server need not "
                                 "run). Formats: torch (PyTorch module source), script (zip: module, train.py, "
                                 "data.npz, spec.json), onnx (verified with onnxruntime), safetensors (trained "
                                 "weights), spec (JSON for `neurona train`).")
    export.add_argument("id", help="the experiment id (see `neurona list`)")
    export.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="torch", help="what to write (torch)")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: the export's own name in the "
                        "current directory; - for standard output)")
    export.add_argument("--data-dir", type=Path, help="the data directory (default NEURONA_DATA_DIR or ./neurona-data)")
    export.set_defaults(run=_export)

    listing = commands.add_parser("list", help="list the experiments in the data directory",
                                  description="List every experiment in the data directory, newest first.")
    listing.add_argument("--data-dir", type=Path, help="the data directory (default NEURONA_DATA_DIR or "
                         "./neurona-data)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=_list)

    openapi = commands.add_parser("openapi", help="print the OpenAPI schema as JSON",
                                  description="Print the OpenAPI schema as JSON.")
    openapi.set_defaults(run=_openapi)

    catalog = commands.add_parser("catalog", help="print the layer catalog as Markdown (docs/layers.md)",
                                  description="Print the layer catalog, generated from the layer registry, as "
                                  "Markdown.")
    catalog.set_defaults(run=_catalog)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from .boot import Boot

    updates = {k: v for k, v in {"host": args.host, "port": args.port}.items() if v is not None}
    settings = settings.model_copy(update=updates)

    def build() -> Any:
        from .app import create_app  # PyTorch and the rest, imported while the server already answers

        return create_app(settings)

    print(f"Neurona serving on http://{settings.host}:{settings.port} (data in {settings.data_dir.resolve()})")
    uvicorn.run(Boot(build), host=settings.host, port=settings.port, log_level="info")
    return 0


def _openapi(_args: argparse.Namespace, settings: Settings) -> int:
    from .app import create_app

    json.dump(create_app(settings).openapi(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


def _catalog(_args: argparse.Namespace, _settings: Settings) -> int:
    from .docs import layer_catalog_markdown

    sys.stdout.write(layer_catalog_markdown())
    return 0


def _fail(message: str) -> int:
    print(f"neurona: {message}", file=sys.stderr)
    return 2


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from .cli_train import train

    return train(args, settings, _fail)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from .errors import SpecError
    from .export import NoWeights, OnnxUnavailable, export_experiment
    from .spec import ExperimentCreate
    store = _existing_store(settings)
    row = store.get(args.id) if store else None
    if row is None:
        return _fail(f"no experiment '{args.id}' in {settings.data_dir.resolve()}; `neurona list` shows them")
    spec = ExperimentCreate.model_validate(row.spec)
    try:
        artifact = export_experiment(spec, settings.data_dir, row.id, args.format)
    except (NoWeights, OnnxUnavailable, SpecError) as err:
        return _fail(str(err))
    if args.output == Path("-"):
        sys.stdout.buffer.write(artifact.content)
        return 0
    path = args.output or Path(artifact.filename)
    path.write_bytes(artifact.content)
    weights = f", {artifact.weights} weights" if artifact.weights != "none" else ""
    print(f"wrote {path} ({len(artifact.content):,} bytes{weights})")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from .store.schema import ExperimentRow

    store = _existing_store(settings)
    if store is None:
        return _fail(f"no Neurona data in {settings.data_dir.resolve()}; pass --data-dir or set NEURONA_DATA_DIR")
    with store.session() as s:
        rows = list(s.scalars(select(ExperimentRow).order_by(ExperimentRow.created_at.desc())))
    items = [_summary(r) for r in rows]
    if args.json:
        print(json.dumps(items, indent=2))
        return 0
    print(f"{'id':<14}{'status':<12}{'step':>8}  {'accuracy':>8}  {'test loss':>9}  name")
    for i in items:
        acc = "" if i["accuracy"] is None else f"{i['accuracy']:.3f}"
        loss = "" if i["test_loss"] is None else f"{i['test_loss']:.4g}"
        print(f"{i['id']:<14}{i['status']:<12}{i['step']:>8}  {acc:>8}  {loss:>9}  {i['name']}")
    return 0


def _existing_store(settings: Settings) -> Store | None:
    """The store the server uses; None when it is the default SQLite file and there is none yet (reading must not
    make an empty one)."""
    from .store.db import Store

    if settings.database_url is None and not (settings.data_dir / "neurona.db").is_file():
        return None
    return Store(settings.db_url)


def _summary(row: Any) -> dict[str, Any]:
    last = row.last_metrics or {}
    return {"id": row.id, "name": row.name, "status": row.status, "step": row.step,
            "accuracy": last.get("accuracy"), "test_loss": last.get("test_loss"),
            "dataset": row.dataset.get("name"), "created_at": row.created_at.isoformat()}


if __name__ == "__main__":
    main()
