"""REST routes of the backprop explorer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..api.schemas import ErrorList
from .backprop import backprop, describe
from .errors import ExpressionErrorList
from .schemas import BackpropRequest, BackpropResult, ParsedExpression, ParseRequest

router = APIRouter(prefix="/api/explorer", tags=["explorer"])
# A body that is not a request at all (wrong shape, bad JSON) gets the API's plain ErrorList, without columns.
ERRORS: dict[int | str, dict[str, Any]] = {422: {
    "model": ExpressionErrorList | ErrorList, "description": "The expression or a value cannot be used; each item "
    "names the column of the character it is about (a malformed request: the plain list of issues)"}}


@router.post("/parse", response_model=ParsedExpression, responses=ERRORS,
             summary="The variables of an expression (to ask for their values), or where it fails to parse")
def parse_expression(body: ParseRequest) -> ParsedExpression:
    return describe(body.expression)


@router.post("/backprop", response_model=BackpropResult, responses=ERRORS,
             summary="Every node's forward value, local gradients and accumulated gradient, and the backward order")
def backprop_expression(body: BackpropRequest) -> BackpropResult:
    return backprop(body.expression, body.values)
