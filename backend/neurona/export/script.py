"""The training bundle: the module, a training script for the same data and settings, and the data itself.

The dataset travels as `data.npz` (the exact tensors the server trains and tests on) rather than as a copy of its
generator: every dataset kind, generated or loaded (scikit-learn's digits), then runs offline with torch and
numpy alone, and the examples are the server's to the bit. The script copies the loss (`Objective`) and the
schedule classes from Neurona's own code, so the loop computes what the trainer computes.
"""

from __future__ import annotations

import inspect
import io
import json
import zipfile
from typing import Any

import numpy as np
import torch

from ..tasks import losses
from ..train import objective, schedules, trainer
from ..train.optimizers import OPTIMIZERS
from .naming import file_stem
from .program import Program
from .source import ENV, module_source, python_literal

README = """{title}

  model.py   the network as a PyTorch module ({class_name}); `python model.py` runs it on a random input
  train.py   trains it on data.npz with the experiment's settings: `python train.py` (torch and numpy)
  data.npz   the training and test examples the server used (x_train, y_train, x_test, y_test)
  spec.json  the experiment as Neurona reads it: `neurona train spec.json` runs it with Neurona's trainer
"""


def optimizer_call(program: Program) -> str:
    """`torch.optim.X(model.parameters(), lr=LR, ...)` with every argument that differs from torch's default."""
    s = program.spec.training
    probe = torch.nn.Parameter(torch.zeros(1))
    built = OPTIMIZERS[s.optimizer].build([{"params": [probe]}], s.lr, OPTIMIZERS[s.optimizer].params.model_validate(
        s.optimizer_params))
    cls = type(built)
    defaults = {name: p.default for name, p in inspect.signature(cls).parameters.items()}
    args = [f"{k}={python_literal(v)}" for k, v in built.defaults.items()
            if k != "lr" and k in defaults and defaults[k] != v]
    return f"torch.optim.{cls.__name__}(" + ", ".join(["model.parameters()", "lr=LR", *args]) + ")"


def not_reproduced(program: Program) -> list[str]:
    """Settings the script leaves out, named in its docstring so nobody expects them."""
    s = program.spec.training
    checks = {
        "early stopping and restoring the best epoch (patience)": s.patience > 0,
        "weight initialisation other than PyTorch's default (training.init)":
            s.init.scheme != "default" or bool(s.init_overrides),
        "frozen layers": bool(s.frozen),
        "starting from another run's weights (init_from, finetune_lr)": s.init_from is not None,
        "the step and time limits (max_steps, max_seconds)": s.max_steps is not None or s.max_seconds is not None,
        "the KL term of the VAE's ELBO (the script trains on the reconstruction loss alone)":
            any(n.layer.name == "Sampling" for n in program.rendering.plan.nodes),
    }
    return [what for what, applies in checks.items() if applies]


def train_source(program: Program) -> str:
    s = program.spec.training
    out = next(n for n in program.rendering.plan.nodes if n.id == program.rendering.plan.output_id)
    schedule = schedules.SCHEDULES[s.schedule].make
    run_objective = objective.Objective(program.data.task, out.output_shape[0], out.layer.name, s.loss)
    loss = run_objective.loss_type
    # the run's loss (and how it reads classes) from the task table, so the script computes exactly what the
    # server does without importing Neurona
    scoring: list[Any] = [losses.Head, loss.compute, *([loss.classes] if loss.classes else [])]
    helpers: list[Any] = [*scoring, schedules.Schedule, *([schedule] if schedule is not schedules.Schedule else []),
               schedules.warmup_factor]
    return ENV.get_template("train.py.j2").render(
        title=program.rendering.title, dataset=program.spec.dataset.name, class_name=program.rendering.class_name,
        t=s, schedule_params=python_literal(dict(s.schedule_params)), task=str(program.data.task),
        units=out.output_shape[0], ends_in=out.layer.name, eval_examples=trainer.EVAL_EXAMPLES,
        split_seed_offset=trainer.SPLIT_SEED_OFFSET, eps=repr(losses.EPS), class_axis=run_objective.head.class_axis,
        loss_fn=loss.compute.__name__, classes_fn=loss.classes.__name__ if loss.classes else None,
        helpers=[inspect.getsource(h).rstrip() for h in helpers], optimizer=optimizer_call(program),
        schedule_class=schedule.__name__, not_reproduced=not_reproduced(program))


def data_npz(program: Program) -> bytes:
    d = program.data
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: getattr(d, k).numpy() for k in ("x_train", "y_train", "x_test", "y_test")})
    return buffer.getvalue()


def bundle(program: Program) -> bytes:
    """A zip of `<stem>/model.py, train.py, data.npz, spec.json, README.txt`."""
    stem = file_stem(program.rendering.title)
    r = program.rendering
    files: dict[str, Any] = {
        "model.py": module_source(r), "train.py": train_source(program), "data.npz": data_npz(program),
        "spec.json": json.dumps(program.spec.model_dump(mode="json"), indent=2) + "\n",
        "README.txt": README.format(title=r.title, class_name=r.class_name),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{stem}/{name}", content)
    return buffer.getvalue()
