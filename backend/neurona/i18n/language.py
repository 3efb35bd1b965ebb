"""The language of a request: `Accept-Language` (by q-value, then order) among the languages Neurona speaks."""

from __future__ import annotations

from typing import Literal

from fastapi import Header, Response

Language = Literal["es", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "en")
DEFAULT: Language = "en"


def negotiate(accept_language: str | None) -> Language:
    """The first language of the header Neurona has, by weight then order (`es-MX,es;q=0.9,en;q=0.8` → es)."""
    choices: list[tuple[float, int, Language]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        q = rest.strip().removeprefix("q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        primary = tag.split("-")[0].strip().lower()
        if weight > 0 and primary in LANGUAGES:
            choices.append((-weight, i, primary))
    return min(choices)[2] if choices else DEFAULT


def request_language(response: Response, accept_language: str | None = Header(
        None, description="es for Spanish texts (descriptions, form labels, messages); English otherwise")) -> Language:
    """FastAPI dependency: the request's language; the answer says which and that it varies with the header."""
    chosen = negotiate(accept_language)
    response.headers["Content-Language"] = chosen
    response.headers["Vary"] = "Accept-Language"
    return chosen
