"""Anonymous sessions: a cookie for browsers, a header (or ?token=) for scripts. Experiments belong to one."""

from __future__ import annotations

import re
import secrets

from fastapi import Request

COOKIE = "neurona_session"
HEADER = "x-neurona-token"
TOKEN = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")
TOKEN_RULE = "must be 8–128 characters of letters, digits, _ and -"


def first_token(*candidates: str | None) -> str | None:
    """The first token presented (header, then query, then cookie), or None."""
    return next((c for c in candidates if c), None)


def is_valid(token: str) -> bool:
    return bool(TOKEN.match(token))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def current_owner(request: Request) -> str:
    """The session of the request, resolved (or created) by the session middleware."""
    owner: str = request.state.owner
    return owner
