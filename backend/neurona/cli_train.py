"""`neurona train SPEC.json`: the server's Trainer in this process, with a progress bar and the metric rows."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .config import Settings
from .errors import SpecError, describe_validation_error, field_path
from .spec import ExperimentCreate

if TYPE_CHECKING:
    from .train.trainer import Trainer

COLUMNS = ("step", "epoch", "train_loss", "test_loss", "accuracy", "lr", "val_loss")


def _read_spec(args: argparse.Namespace) -> ExperimentCreate:
    text = args.spec.read_text()
    body = json.loads(text)
    if isinstance(body, dict) and "graph" not in body and "nodes" in body:
        body = {"graph": body}  # a bare graph (the editor's .json download) trains with default settings
    return ExperimentCreate.model_validate(body)


def train(args: argparse.Namespace, settings: Settings, fail: Callable[[str], int]) -> int:
    import torch
    from tqdm import tqdm

    from .train.trainer import DivergedError, Trainer

    try:
        spec = _read_spec(args)
    except FileNotFoundError:
        return fail(f"{args.spec}: no such file")
    except json.JSONDecodeError as err:
        return fail(f"{args.spec} is not JSON (line {err.lineno}, column {err.colno}: {err.msg})")
    except ValidationError as err:
        return fail("\n".join(f"{args.spec}: {field_path(e['loc'])} {describe_validation_error(dict(e))}"
                              for e in err.errors()))
    if spec.training.init_from:
        return fail("training.init_from names a server experiment's checkpoint; remove it to train from scratch here")
    torch.set_num_threads(settings.threads_per_worker())  # as a server worker, so the numbers are the same
    try:
        trainer = Trainer(spec, settings.max_steps)
    except SpecError as err:
        return fail("\n".join(i.message for i in err.issues))
    bar = tqdm(total=trainer.total_steps, unit="step", disable=args.no_progress or None, file=sys.stderr,
               dynamic_ncols=True)
    every = args.every or trainer.steps_per_epoch
    if not args.jsonl:
        bar.write("  ".join(f"{c:>10}" for c in COLUMNS))
    try:
        while not trainer.done:
            row = trainer.step()
            bar.update(1)
            bar.set_postfix(loss=f"{row.train_loss:.4g}", **({"acc": f"{row.accuracy:.3f}"}
                                                             if row.accuracy is not None else {}))
            if args.jsonl:
                bar.write(json.dumps(row.as_dict()), file=sys.stdout)
            elif row.step % every == 0 or trainer.done:
                bar.write("  ".join(_cell(row.as_dict()[c]) for c in COLUMNS), file=sys.stdout)
    except DivergedError as err:
        bar.close()
        return fail(str(err))
    except KeyboardInterrupt:
        bar.close()
        print(f"stopped at step {trainer.step_count}", file=sys.stderr)
        return 130
    bar.close()
    note = trainer.finish()
    if note:
        print(note, file=sys.stderr)
    if args.weights:
        _save_weights(spec, trainer, args.weights)
    return 0


def _save_weights(spec: ExperimentCreate, trainer: Trainer, path: Path) -> None:
    from .export import prepare
    from .export.program import safetensors_bytes

    program = prepare(spec)
    state = {k: v.cpu() for k, v in trainer.model.state_dict().items()}
    path.write_bytes(safetensors_bytes(program, state, trainer.step_count))
    print(f"saved the weights to {path}", file=sys.stderr)


def _cell(value: object) -> str:
    if value is None:
        return f"{'':>10}"
    if isinstance(value, float):
        return f"{value:>10.5g}"
    return f"{value!s:>10}"
