"""One experiment's training state: data, model, optimizer, schedule, and one-batch steps.

A step (`train_step`) never waits for the device: its batch loss joins a running sum kept on the device, and
that sum doubles as the finiteness check (one NaN or infinity makes it non-finite). `measure` reads the sum once
(with the weights' largest magnitude on evaluated rows), and turns the steps since the last row into a
`MetricRow`: the training loss is the mean of the batch losses already computed, and the held-out metrics (test,
validation, accuracy) are evaluated only when asked, so the caller decides how often the extra forward passes are
worth their cost. With early stopping or the plateau schedule, every epoch end is measured in full, because they
judge epochs.

Everything random is drawn from generators seeded by `training.seed` (weights, validation split, batch order),
so the same settings give the same metrics on CPU, and a checkpoint holds the generators' states, so a resumed
run continues exactly where the saved one was.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from ..data import LoadedDataset, load_dataset
from ..data.augment import augmenter
from ..errors import SpecError
from ..i18n.messages import Said, say
from ..metrics import MetricRow
from ..model import GraphModel
from ..spec import ExperimentCreate, analyze
from ..spec.models import SettingsChange
from . import checkpoints as ckpt
from .init import freeze, frozen_to_eval, initialise, transfer
from .objective import Objective
from .optimizers import build_optimizer
from .safety import Blame, DivergedError, RunawayWatch, advice, largest_weights, locate
from .schedules import make_schedule, warmup_factor

EVAL_EXAMPLES = 512  # loss/accuracy are measured on a fixed subset so a step costs the same on any dataset
SPLIT_SEED_OFFSET = 7919  # the validation split draws from its own generator, apart from the batch order
AMP_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}
LIVE_SETTINGS = tuple(SettingsChange.model_fields)  # what may change mid-run: the fields of the change model

__all__ = ["LIVE_SETTINGS", "DivergedError", "MetricRow", "Trainer", "device_problem", "resolve_device"]


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        return torch.device("mps" if mps is not None and mps.is_available() else "cpu")
    return torch.device(name)


def device_problem(name: str) -> Said | None:
    """Why `name` cannot be used on this machine, or None when it can."""
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            return say("no_cuda", device=name)
        index = int(name.split(":")[1]) if ":" in name else 0
        if index >= torch.cuda.device_count():
            return say("no_such_gpu", device=name, count=torch.cuda.device_count())
    if name == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            return say("no_mps")
    return None


@dataclass
class Monitor:
    """The best epoch so far, by validation loss (test loss without a validation split)."""

    best_loss: float = math.inf
    best_step: int = 0
    bad_epochs: int = 0
    best_state: dict[str, torch.Tensor] | None = None
    stopped_early: bool = False


class Trainer:
    def __init__(self, spec: ExperimentCreate, max_steps: int, init_from: Mapping[str, torch.Tensor] | None = None):
        self.spec, self.settings = spec, spec.training
        s = self.settings
        self.data: LoadedDataset = load_dataset(spec.dataset)
        task = self.data.posed
        report, plan = analyze(spec.graph, self.data.input_shape, task)
        if plan is None:
            raise SpecError(report.errors)
        self.plan = plan
        self.device = resolve_device(s.device)
        torch.manual_seed(s.seed)
        self.model = GraphModel(plan, self.data.input_shape).to(self.device)
        initialise(self.model, s.init, s.init_overrides)
        self.warnings: list[str] = []
        self.transferred = transfer(self.model, init_from, self.warnings) if init_from is not None else []
        freeze(self.model, s.frozen)
        out_node = next(n for n in plan.nodes if n.id == plan.output_id)
        self.objective = Objective(task.kind, out_node.output_shape[0], out_node.layer.name, s.loss, self.model,
                                   s.kl_weight, math.prod(out_node.output_shape))
        self.live: dict[str, Any] = {"lr": s.lr, "momentum": s.optimizer_params.get("momentum", s.momentum),
                                     "weight_decay": s.optimizer_params["weight_decay"], "l1": s.l1, "l2": s.l2,
                                     "clip_norm": s.clip_norm, "finetune_lr": s.finetune_lr}
        self._split_data()
        self.augment = augmenter(self.data, self.device, s.seed)
        self.batch_size = min(s.batch_size, len(self.x_train))
        self.steps_per_epoch = math.ceil(len(self.x_train) / self.batch_size)
        self.total_steps = min(s.epochs * self.steps_per_epoch, max_steps, s.max_steps or max_steps)
        self._build_optimizer()
        self.schedule = make_schedule(s.schedule, s.schedule_params, self.total_steps)
        self.order_rng = torch.Generator().manual_seed(s.seed)
        self.step_count = 0
        self.order = torch.empty(0, dtype=torch.long)
        self.current_lr = self._lr_of(0, "lr")
        self.elapsed = 0.0  # seconds spent in `step`, for the time limit
        self.monitor = Monitor()
        self.runaway: RunawayWatch | None = None
        self.amp_dtype = self._amp_dtype()
        self.scaler = torch.amp.GradScaler(self.device.type, enabled=self.amp_dtype == torch.float16)
        self.loss_sum = torch.zeros((), device=self.device)  # batch losses since the last row, on the device
        self.losses_summed = 0
        self.row_step = 0  # the step of the last row
        self.last_batch: torch.Tensor | None = None  # re-run to locate a divergence
        self.model.train()
        frozen_to_eval(self.model, s.frozen)
        # Called between the backward pass and the optimizer step (probes read gradients and copy weights there).
        self.after_backward: Callable[[], None] | None = None

    # -- set-up ----------------------------------------------------------------------------------------------
    def _split_data(self) -> None:
        x, y = self.data.x_train, self.data.y_train
        n_val = round(len(x) * self.settings.validation_ratio)
        self.eval_val: tuple[torch.Tensor, torch.Tensor] | None = None
        if n_val and len(x) - n_val >= 1:
            perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(self.settings.seed +
                                                                                  SPLIT_SEED_OFFSET))
            val, x, y = perm[:n_val], x[perm[n_val:]], y[perm[n_val:]]
            self.eval_val = (self.data.x_train[val][:EVAL_EXAMPLES].to(self.device),
                             self.data.y_train[val][:EVAL_EXAMPLES].to(self.device))
        self.x_train, self.y_train = x.to(self.device), y.to(self.device)
        self.eval_train = (self.x_train[:EVAL_EXAMPLES], self.y_train[:EVAL_EXAMPLES])
        self.eval_test = (self.data.x_test[:EVAL_EXAMPLES].to(self.device),
                          self.data.y_test[:EVAL_EXAMPLES].to(self.device))

    def _build_optimizer(self) -> None:
        """Group 0: parameters trained at `lr`; group 1 (when finetune_lr is set): those loaded by init_from."""
        trainable = [(n, p) for n, p in self.model.named_parameters() if p.requires_grad]
        if not trainable:
            raise SpecError.one(say("every_parameter_frozen"), field="training.frozen")
        tuned = set(self.transferred) if self.settings.finetune_lr is not None else set()
        groups: list[dict[str, Any]] = [{"params": [p for n, p in trainable if n not in tuned], "base": "lr"},
                  {"params": [p for n, p in trainable if n in tuned], "base": "finetune_lr"}]
        groups = [g for g in groups if g["params"]]
        self.group_bases = [g.pop("base") for g in groups]
        self.params = [p for _, p in trainable]
        self.weights = [p for p in self.params if p.dim() > 1]
        self.optimizer = build_optimizer(self.settings.optimizer, groups, self.settings.lr,
                                         self.settings.optimizer_params)

    def _amp_dtype(self) -> torch.dtype | None:
        """Mixed precision runs on CUDA only; elsewhere the run trains in float32 and says so."""
        amp = self.settings.amp
        if amp == "off":
            return None
        if self.device.type != "cuda":
            self.warnings.append(f"amp {amp} needs a CUDA GPU; this run trains in float32 on {self.device}")
            return None
        return AMP_DTYPES[amp]

    # -- progress --------------------------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.step_count >= self.total_steps or self.monitor.stopped_early

    @property
    def epoch(self) -> float:
        return self.step_count / self.steps_per_epoch

    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        within = self.step_count % self.steps_per_epoch
        if within == 0:
            self.order = torch.randperm(len(self.x_train), generator=self.order_rng).to(self.device)
        idx = self.order[within * self.batch_size:(within + 1) * self.batch_size]
        if self.augment is None:
            return self.x_train[idx], self.y_train[idx]
        return self.augment(self.x_train[idx], self.y_train[idx])

    def _lr_of(self, step: int, base: str) -> float:
        value = self.live[base] if self.live[base] is not None else self.live["lr"]
        return self.schedule.lr(value, step) * warmup_factor(step, self.settings.warmup_steps)

    def _objective(self, loss: torch.Tensor) -> torch.Tensor:
        """The loss plus the L1/L2 penalties that are on (none: the loss itself, no extra operation)."""
        if self.live["l1"]:
            loss = loss + self.live["l1"] * sum(w.abs().sum() for w in self.weights)
        if self.live["l2"]:
            loss = loss + self.live["l2"] * sum((w * w).sum() for w in self.weights)
        return loss

    def _autocast(self) -> contextlib.AbstractContextManager[Any]:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    def train_step(self) -> MetricRow | None:
        """One batch, without waiting for the device. Returns the epoch's row when the step ends an epoch."""
        started = time.monotonic()
        x, y = self._next_batch()
        for group, base in zip(self.optimizer.param_groups, self.group_bases, strict=True):
            group["lr"] = self._lr_of(self.step_count, base)
        self.current_lr = self.optimizer.param_groups[0]["lr"]
        if not self.model.training:  # evaluation switched it to eval mode
            self.model.train()
            frozen_to_eval(self.model, self.settings.frozen)
        with self._autocast():
            loss = self.objective.loss(self.model(x), y)
        if self.runaway is None:  # the first batch's loss, before any update (of this process: a resume starts
            self.runaway = RunawayWatch(float(loss.detach()))  # anew): one read, not an evaluation pass
        self.optimizer.zero_grad(set_to_none=True)
        if self.scaler.is_enabled():  # fp16: scaled loss, steps with non-finite gradients skipped
            self._scaled_update(loss)
        else:
            self._objective(loss).backward()
            if self.live["clip_norm"]:
                torch.nn.utils.clip_grad_norm_(self.params, self.live["clip_norm"])
            if self.after_backward is not None:
                self.after_backward()
            self.optimizer.step()
        self.loss_sum += loss.detach().float()  # becomes NaN or infinite with the first bad loss: the check
        self.losses_summed += 1
        self.last_batch = x
        self.step_count += 1
        self.elapsed += time.monotonic() - started
        if self.step_count % self.steps_per_epoch or not self.judges_epochs:
            return None
        row = self.measure(evaluate=True)
        self._end_epoch(row)
        return row

    @property
    def judges_epochs(self) -> bool:
        """Early stopping (with its best weights) and the plateau schedule judge every epoch end, which is then
        measured in full; otherwise an epoch end is evaluated when the caller's budget allows."""
        return bool(self.settings.patience) or self.schedule.judges_epochs

    def _scaled_update(self, loss: torch.Tensor) -> None:
        self.scaler.scale(self._objective(loss)).backward()
        if self.live["clip_norm"] or self.after_backward is not None:
            self.scaler.unscale_(self.optimizer)  # clipping and gradient probes see the true gradients
        if self.live["clip_norm"]:
            torch.nn.utils.clip_grad_norm_(self.params, self.live["clip_norm"])
        if self.after_backward is not None:
            self.after_backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()

    def step(self) -> MetricRow:
        """One batch and a fully measured row (for scripts and tests; the worker measures on a budget)."""
        row = self.train_step()
        return row if row is not None else self.measure(evaluate=True)

    def measure(self, evaluate: bool) -> MetricRow:
        """The row of the steps since the last one: one read of the device, plus held-out metrics if `evaluate`.
        Raises DivergedError when a loss or weight became non-finite (naming the steps, the node and a fix)."""
        started = time.monotonic()
        loss_sum, peak = torch.stack([self.loss_sum, self._peak_weight(evaluate)]).tolist()
        first = self.row_step + 1
        if not math.isfinite(loss_sum) or not math.isfinite(peak):
            what = f"the loss became {loss_sum}" if not math.isfinite(loss_sum) else "the weights became non-finite"
            raise self._diverged(what, first)
        train_loss = loss_sum / self.losses_summed if self.losses_summed else None
        self.loss_sum.zero_()
        self.losses_summed, self.row_step = 0, self.step_count
        row = self.evaluate(train_loss) if evaluate else MetricRow(self.step_count, self.epoch, train_loss, None,
                                                                     None, self.current_lr)
        if train_loss is not None and self.runaway is not None and self.runaway.diverged(train_loss):
            blame = largest_weights(self.model)
            raise DivergedError(f"{self.runaway.describe()} (step {self.step_count}): {blame.text}. "
                                f"Try: {advice(self.current_lr, self.live['clip_norm'])}", blame.node)
        self.elapsed += time.monotonic() - started
        return row

    def _peak_weight(self, evaluate: bool) -> torch.Tensor:
        """The largest |weight| (non-finite as soon as one weight is), read with the evaluated rows only: a
        non-finite weight makes the next batch's loss non-finite, which every row checks, so the cheap rows skip
        a pass over all the parameters."""
        if not evaluate:
            return torch.zeros((), device=self.device)
        params = [p.detach() for p in self.params if p.numel()]
        return torch.nn.utils.get_total_norm(params, math.inf).float()

    def _diverged(self, what: str, first: int) -> DivergedError:
        steps = f"step {first}" if first >= self.step_count else f"steps {first}–{self.step_count}"
        blame = locate(self.model, self.last_batch) if self.last_batch is not None else Blame(None, "before any step")
        return DivergedError(f"{what} within {steps}: {blame.text}. Try: "
                             f"{advice(self.current_lr, self.live['clip_norm'])}", blame.node)

    def _end_epoch(self, row: MetricRow) -> None:
        """Once per epoch: the plateau schedule, the best weights so far, and early stopping."""
        self.schedule.observe(row.val_loss if row.val_loss is not None else row.train_loss or 0.0)
        monitored = row.val_loss if row.val_loss is not None else row.test_loss
        m = self.monitor
        if monitored is not None and monitored < m.best_loss:
            m.best_loss, m.best_step, m.bad_epochs = monitored, self.step_count, 0
            m.best_state = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
            return
        m.bad_epochs += 1
        if self.settings.patience and self.eval_val is not None and m.bad_epochs >= self.settings.patience:
            m.stopped_early = True

    def finish(self) -> str | None:
        """At the end of the run: with early stopping on, go back to the best weights. Returns a note."""
        s, m = self.settings, self.monitor
        note = None
        if m.stopped_early:
            note = (f"early stopping at epoch {self.epoch:g}: the validation loss did not improve for "
                    f"{s.patience} epoch(s)")
        if s.patience and s.restore_best and m.best_state is not None and m.best_step != self.step_count:
            self.model.load_state_dict(m.best_state)
            restored = f"restored the weights of step {m.best_step} (validation loss {m.best_loss:.4g})"
            note = f"{note}; {restored}" if note else restored
        return note

    def apply(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change live settings between batches; returns what was applied."""
        applied = {k: v for k, v in changes.items() if k in LIVE_SETTINGS}
        self.live.update(applied)
        for group in self.optimizer.param_groups:
            for key in ("momentum", "weight_decay"):
                if key in applied and key in group:
                    group[key] = applied[key]
        return applied

    # -- measuring -------------------------------------------------------------------------------------------
    @torch.no_grad()
    def evaluate(self, train_loss: float | None = None) -> MetricRow:
        """Held-out metrics on the fixed subsets; without `train_loss`, the training loss on a training subset
        too (the model as it is now, rather than the mean over the batches it trained on)."""
        self.model.eval()
        with self._autocast():
            if train_loss is None:
                train_loss = self.objective.loss(self.model(self.eval_train[0]), self.eval_train[1]).item()
            out = self.model(self.eval_test[0])
            test_loss = self.objective.loss(out, self.eval_test[1]).item()
            metrics = self.objective.metrics(out, self.eval_test[1])  # before another forward replaces the KL term
            val_loss = None
            if self.eval_val is not None:
                val_loss = self.objective.loss(self.model(self.eval_val[0]), self.eval_val[1]).item()
        return MetricRow(self.step_count, self.epoch, train_loss, test_loss, metrics.pop("accuracy", None),
                         self.current_lr, val_loss, metrics)

    # -- checkpoints -----------------------------------------------------------------------------------------
    def save(self, directory: Path, extra: dict[str, Any] | None = None) -> None:
        """Write the full training state (and the best weights so far) to `directory`; `extra` joins the JSON."""
        optim_tensors, optim_structure = ckpt.optimizer_state(self.optimizer)
        tensors = {**ckpt.prefixed("model.", self.model.state_dict()), **optim_tensors,
                   "rng.order": self.order_rng.get_state(), "rng.torch": torch.get_rng_state(),
                   "trainer.order": self.order}
        m = self.monitor
        meta = {"step": self.step_count, "live": self.live, "optimizer": optim_structure,
                "schedule": self.schedule.state(), "elapsed": self.elapsed, "transferred": self.transferred,
                "monitor": {"best_loss": m.best_loss if math.isfinite(m.best_loss) else None,
                            "best_step": m.best_step, "bad_epochs": m.bad_epochs}, **(extra or {})}
        ckpt.save(directory / ckpt.LAST, tensors, meta)
        if m.best_state is not None:
            ckpt.save(directory / ckpt.BEST, m.best_state, {"step": m.best_step, "loss": m.best_loss})

    def restore(self, directory: Path) -> None:
        """Continue from `directory`'s checkpoint: weights, optimizer, generators, schedule and counters."""
        tensors, meta = ckpt.load(directory / ckpt.LAST)
        self.model.load_state_dict(ckpt.unprefixed("model.", tensors))
        self.transferred = meta["transferred"]
        self.live.update(meta["live"])
        self._build_optimizer()  # the groups depend on what was transferred when the run began
        ckpt.load_optimizer_state(self.optimizer, tensors, meta["optimizer"])
        self.schedule.load_state(meta["schedule"])
        self.order_rng.set_state(tensors["rng.order"])
        torch.set_rng_state(tensors["rng.torch"])
        self.order = tensors["trainer.order"].to(self.device)
        self.step_count, self.elapsed = meta["step"], meta["elapsed"]
        self.row_step = self.step_count
        self.current_lr = self._lr_of(max(self.step_count - 1, 0), "lr")
        best = meta["monitor"]
        self.monitor = Monitor(best["best_loss"] if best["best_loss"] is not None else math.inf,
                               best["best_step"], best["bad_epochs"])
        if (directory / ckpt.BEST).is_file():
            self.monitor.best_state = {k: v.to(self.device) for k, v in ckpt.load(directory / ckpt.BEST)[0].items()}
