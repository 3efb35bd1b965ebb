"""Command line: `neurona serve` runs the server; `neurona openapi` prints the API schema; `neurona catalog`
prints the layer catalog as Markdown (docs/layers.md)."""

from __future__ import annotations

import argparse
import json
import sys

from .config import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="neurona", description="Neurona, the visual deep learning playground.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--host", help="address to bind (default NEURONA_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default NEURONA_PORT or 8000)")
    commands.add_parser("openapi", help="print the OpenAPI schema as JSON")
    commands.add_parser("catalog", help="print the layer catalog as Markdown (docs/layers.md)")
    args = parser.parse_args(argv)

    if args.command == "serve":
        _serve(args.host, args.port)
    elif args.command == "catalog":
        from .docs import layer_catalog_markdown

        sys.stdout.write(layer_catalog_markdown())
    else:
        from .app import create_app

        json.dump(create_app(Settings()).openapi(), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")


def _serve(host: str | None, port: int | None) -> None:
    import uvicorn

    from .app import create_app

    settings = Settings()
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=updates)
    print(f"Neurona serving on http://{settings.host}:{settings.port} (data in {settings.data_dir.resolve()})")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
