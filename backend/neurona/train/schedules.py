"""The learning-rate schedule table: one `ScheduleType` declaration per schedule, plus linear warm-up.

A schedule maps (base learning rate, optimizer step) to the learning rate of that step, in closed form, so a
learning rate changed by hand mid-run simply becomes the new base. Reduce-on-plateau is the one schedule with
state: it watches the monitored loss at the end of every epoch. Step counts are optimizer steps (batches).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

ScheduleName = Literal["constant", "step", "exponential", "cosine", "plateau"]


class ScheduleParams(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN


class StepParams(ScheduleParams):
    step_size: int = Field(100, title="Step size (steps)", ge=1, le=10_000_000,
                           description="Steps (batches) between two decays.")
    gamma: float = Field(0.5, title="Gamma (factor)", gt=0.0, le=1.0,
                         description="Factor the learning rate is multiplied by at each decay.")


class ExponentialParams(ScheduleParams):
    gamma: float = Field(0.999, title="Gamma (factor)", gt=0.0, le=1.0,
                         description="Factor the learning rate is multiplied by every step.")


class CosineParams(ScheduleParams):
    t_max: int = Field(0, title="Length (steps)", ge=0, le=10_000_000,
                       description="Steps from the base rate down to min_lr (0 = the whole run).")
    min_lr: float = Field(0.0, title="Minimum learning rate", ge=0.0, le=100.0,
                          description="The learning rate at the end of the curve.")


class PlateauParams(ScheduleParams):
    factor: float = Field(0.5, title="Factor", gt=0.0, lt=1.0,
                          description="Factor the learning rate is multiplied by when the loss stops improving.")
    patience: int = Field(5, title="Patience (epochs)", ge=0, le=100_000,
                          description="Epochs without improvement before reducing.")
    threshold: float = Field(1e-4, title="Threshold", ge=0.0, lt=1.0,
                             description="Relative improvement that counts as better.")
    min_lr: float = Field(0.0, title="Minimum learning rate", ge=0.0, le=100.0,
                          description="The learning rate never goes below this.")


class Schedule:
    """Constant: the base rate. Subclasses reshape it; `observe` and the state matter only to plateau."""

    judges_epochs = False  # True when `observe` uses the loss at each epoch end (the trainer then measures it)

    def __init__(self, params: Any, total_steps: int):
        self.params, self.total_steps = params, total_steps

    def lr(self, base: float, step: int) -> float:
        return base

    def observe(self, loss: float) -> None:
        """The monitored loss at the end of an epoch."""

    def state(self) -> dict[str, Any]:
        return {}

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore what `state` returned (on resume)."""


class StepDecay(Schedule):
    def lr(self, base: float, step: int) -> float:
        return base * self.params.gamma ** (step // self.params.step_size)


class ExponentialDecay(Schedule):
    def lr(self, base: float, step: int) -> float:
        return base * self.params.gamma ** step


class Cosine(Schedule):
    def lr(self, base: float, step: int) -> float:
        t_max = self.params.t_max or self.total_steps
        progress = min(step, t_max) / max(t_max, 1)
        return self.params.min_lr + (base - self.params.min_lr) * (1 + math.cos(math.pi * progress)) / 2


class Plateau(Schedule):
    """torch's ReduceLROnPlateau (mode min, relative threshold), as a factor on the base rate."""

    judges_epochs = True

    def __init__(self, params: Any, total_steps: int):
        super().__init__(params, total_steps)
        self.scale, self.best, self.bad = 1.0, math.inf, 0

    def lr(self, base: float, step: int) -> float:
        return max(base * self.scale, self.params.min_lr)

    def observe(self, loss: float) -> None:
        if loss < self.best * (1 - self.params.threshold):
            self.best, self.bad = loss, 0
            return
        self.bad += 1
        if self.bad > self.params.patience:
            self.scale, self.bad = self.scale * self.params.factor, 0

    def state(self) -> dict[str, Any]:
        return {"scale": self.scale, "best": self.best if math.isfinite(self.best) else None, "bad": self.bad}

    def load_state(self, state: dict[str, Any]) -> None:
        best = state.get("best")
        self.scale, self.best, self.bad = state["scale"], math.inf if best is None else best, state["bad"]


@dataclass(frozen=True)
class ScheduleType:
    name: str
    title: str
    description: str
    params: type[ScheduleParams]
    make: type[Schedule]

    def catalog_entry(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params_schema": self.params.model_json_schema()}


SCHEDULES: dict[str, ScheduleType] = {s.name: s for s in (
    ScheduleType("constant", "Constant", "The learning rate stays where you set it.", ScheduleParams, Schedule),
    ScheduleType("step", "Step decay", "Multiply the learning rate by gamma every step_size steps.", StepParams,
                 StepDecay),
    ScheduleType("exponential", "Exponential decay", "Multiply the learning rate by gamma every step.",
                 ExponentialParams, ExponentialDecay),
    ScheduleType("cosine", "Cosine annealing", "Follow half a cosine from the base rate down to min_lr over t_max "
                 "steps, then stay there.", CosineParams, Cosine),
    ScheduleType("plateau", "Reduce on plateau", "Multiply the learning rate by factor when the validation loss "
                 "(the training loss without a validation split) has not improved for patience epochs.",
                 PlateauParams, Plateau),
)}
assert set(SCHEDULES) == set(get_args(ScheduleName)), "declare every schedule in ScheduleName"


def schedule_params(name: str, given: dict[str, Any]) -> ScheduleParams:
    """The schedule's parameters, defaults filled; raises pydantic's ValidationError."""
    return SCHEDULES[name].params.model_validate(given)


def make_schedule(name: str, given: dict[str, Any], total_steps: int) -> Schedule:
    return SCHEDULES[name].make(schedule_params(name, given), total_steps)


def warmup_factor(step: int, warmup_steps: int) -> float:
    """Linear warm-up from base/(W+1) to base over W steps: torch's LinearLR(1/(W+1), total_iters=W)."""
    return 1.0 if step >= warmup_steps else (step + 1) / (warmup_steps + 1)


def schedule_catalog() -> list[dict[str, Any]]:
    return [s.catalog_entry() for s in SCHEDULES.values()]
