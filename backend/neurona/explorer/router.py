"""REST routes of the backprop explorer."""

from __future__ import annotations

from fastapi import APIRouter

from .backprop import backprop, describe
from .errors import ExpressionErrorList
from .schemas import BackpropRequest, BackpropResult, ParsedExpression, ParseRequest

router = APIRouter(prefix="/api/explorer", tags=["explorer"])
ERRORS = {422: {"model": ExpressionErrorList, "description": "The expression or a value cannot be used; each item "
                "names the column of the character it is about"}}


@router.post("/parse", response_model=ParsedExpression, responses=ERRORS,
             summary="The variables of an expression (to ask for their values), or where it fails to parse")
def parse_expression(body: ParseRequest) -> ParsedExpression:
    return describe(body.expression)


@router.post("/backprop", response_model=BackpropResult, responses=ERRORS,
             summary="Every node's forward value, local gradients and accumulated gradient, and the backward order")
def backprop_expression(body: BackpropRequest) -> BackpropResult:
    return backprop(body.expression, body.values)
