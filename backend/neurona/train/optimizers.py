"""The optimizer table: one `OptimizerType` declaration per optimizer a run can use.

Each declaration names the optimizer, documents it, declares its parameters as a pydantic model (bounds and
descriptions become the form the editor draws, via GET /api/optimizers) and builds the torch optimizer.
Adding an optimizer is one more `_declare(...)` call and its name in `OptimizerName`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

import torch
from pydantic import BaseModel, ConfigDict, Field

OptimizerName = Literal["sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam", "adamw"]
ParamGroups = Iterable[dict[str, Any]]


class OptimizerParams(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)  # no "true" as 1, no NaN

    weight_decay: float = Field(0.0, title="Weight decay", ge=0.0, le=10.0,
                                description="Decoupled from the loss: the optimizer shrinks every weight by lr × "
                                            "weight_decay × weight each step (L2 for SGD).")


class SGDParams(OptimizerParams):
    momentum: float = Field(0.0, title="Momentum", ge=0.0, lt=1.0,
                            description="Fraction of the previous update kept (0 = plain SGD).")
    dampening: float = Field(0.0, title="Dampening", ge=0.0, le=1.0,
                             description="Damps the gradient's share of the momentum.")
    nesterov: bool = Field(False, title="Nesterov",
                           description="Look ahead along the momentum before taking the gradient.")


class MomentumParams(SGDParams):
    momentum: float = Field(0.9, title="Momentum", ge=0.0, lt=1.0, description="Fraction of the previous update kept.")


class NesterovParams(MomentumParams):
    nesterov: bool = Field(True, title="Nesterov",
                           description="Look ahead along the momentum before taking the gradient.")


class RMSPropParams(OptimizerParams):
    alpha: float = Field(0.99, title="Alpha (decay)", gt=0.0, lt=1.0,
                         description="Decay of the running average of squared gradients.")
    eps: float = Field(1e-8, title="Epsilon", gt=0.0, le=1.0,
                       description="Added to the denominator for numerical stability.")
    momentum: float = Field(0.0, title="Momentum", ge=0.0, lt=1.0, description="Momentum on the scaled update.")
    centered: bool = Field(False, title="Centered",
                           description="Divide by the gradient's estimated variance instead of its mean square.")


class AdagradParams(OptimizerParams):
    lr_decay: float = Field(0.0, title="Learning-rate decay", ge=0.0, le=1.0,
                            description="Learning rate decay per step.")
    initial_accumulator_value: float = Field(0.0, title="Initial accumulator", ge=0.0, le=10.0,
                                             description="Starting sum of squared gradients.")
    eps: float = Field(1e-10, title="Epsilon", gt=0.0, le=1.0,
                       description="Added to the denominator for numerical stability.")


class AdadeltaParams(OptimizerParams):
    rho: float = Field(0.9, title="Rho (decay)", gt=0.0, lt=1.0,
                       description="Decay of the running averages of squared gradients and updates.")
    eps: float = Field(1e-6, title="Epsilon", gt=0.0, le=1.0,
                       description="Added to the denominator for numerical stability.")


class AdamParams(OptimizerParams):
    beta1: float = Field(0.9, title="Beta 1", ge=0.0, lt=1.0, description="Decay of the running average of gradients "
                                                                          "(momentum).")
    beta2: float = Field(0.999, title="Beta 2", ge=0.0, lt=1.0, description="Decay of the running average of squared "
                                                                            "gradients.")
    eps: float = Field(1e-8, title="Epsilon", gt=0.0, le=1.0,
                       description="Added to the denominator for numerical stability.")
    amsgrad: bool = Field(False, title="AMSGrad", description="Use the maximum of past squared gradients (AMSGrad).")


class AdamWParams(AdamParams):
    weight_decay: float = Field(0.01, title="Weight decay", ge=0.0, le=10.0,
                                description="Decoupled weight decay: each step shrinks every weight by lr × "
                                            "weight_decay × weight.")


Factory = Callable[[ParamGroups, float, Any], torch.optim.Optimizer]


@dataclass(frozen=True)
class OptimizerType:
    name: str
    title: str
    description: str
    params: type[OptimizerParams]
    build: Factory

    def catalog_entry(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params_schema": self.params.model_json_schema()}


OPTIMIZERS: dict[str, OptimizerType] = {}


def _declare(name: str, title: str, description: str, params: type[OptimizerParams], build: Factory) -> None:
    OPTIMIZERS[name] = OptimizerType(name, title, description, params, build)


def _sgd(groups: ParamGroups, lr: float, p: SGDParams) -> torch.optim.Optimizer:
    return torch.optim.SGD(groups, lr=lr, momentum=p.momentum, dampening=p.dampening, nesterov=p.nesterov,
                           weight_decay=p.weight_decay)


def _adam(groups: ParamGroups, lr: float, p: AdamParams) -> torch.optim.Optimizer:
    cls = torch.optim.AdamW if isinstance(p, AdamWParams) else torch.optim.Adam
    return cls(groups, lr=lr, betas=(p.beta1, p.beta2), eps=p.eps, weight_decay=p.weight_decay, amsgrad=p.amsgrad)


_declare("sgd", "SGD", "Stochastic gradient descent: step against the gradient of each batch.", SGDParams, _sgd)
_declare("momentum", "SGD with momentum", "SGD that keeps a running velocity, so steps along a consistent "
         "direction build up speed and oscillations cancel out.", MomentumParams, _sgd)
_declare("nesterov", "Nesterov momentum", "Momentum that measures the gradient where the velocity is about to "
         "carry the weights, which corrects overshooting earlier.", NesterovParams, _sgd)
_declare("rmsprop", "RMSProp", "Divides each weight's step by a running average of its recent gradient "
         "magnitudes, so every weight moves at a similar pace.", RMSPropParams,
         lambda g, lr, p: torch.optim.RMSprop(g, lr=lr, alpha=p.alpha, eps=p.eps, momentum=p.momentum,
                                              centered=p.centered, weight_decay=p.weight_decay))
_declare("adagrad", "Adagrad", "Divides each weight's step by the root of the sum of all its past squared "
         "gradients: rarely updated weights keep large steps.", AdagradParams,
         lambda g, lr, p: torch.optim.Adagrad(g, lr=lr, lr_decay=p.lr_decay, eps=p.eps, weight_decay=p.weight_decay,
                                              initial_accumulator_value=p.initial_accumulator_value))
_declare("adadelta", "Adadelta", "Adagrad with running averages instead of sums, scaled by the size of recent "
         "updates; lr = 1 is the classic setting.", AdadeltaParams,
         lambda g, lr, p: torch.optim.Adadelta(g, lr=lr, rho=p.rho, eps=p.eps, weight_decay=p.weight_decay))
_declare("adam", "Adam", "Momentum plus RMSProp-style scaling, with bias correction: a robust default.",
         AdamParams, _adam)
_declare("adamw", "AdamW", "Adam with decoupled weight decay: the decay is not rescaled by the gradient "
         "statistics.", AdamWParams, _adam)
assert set(OPTIMIZERS) == set(get_args(OptimizerName)), "declare every optimizer in OptimizerName"


def optimizer_params(name: str, given: dict[str, Any]) -> OptimizerParams:
    """The optimizer's parameters, defaults filled; raises pydantic's ValidationError."""
    return OPTIMIZERS[name].params.model_validate(given)


def build_optimizer(name: str, groups: ParamGroups, lr: float, given: dict[str, Any]) -> torch.optim.Optimizer:
    return OPTIMIZERS[name].build(groups, lr, optimizer_params(name, given))


def optimizer_catalog() -> list[dict[str, Any]]:
    return [o.catalog_entry() for o in OPTIMIZERS.values()]
