"""Neurona in Spanish and English: the request's language and the translated texts of the declarations."""

from .catalogs import KINDS, Catalog, Kind, catalog, localize, localize_schema
from .language import LANGUAGES, Language, negotiate, request_language

__all__ = ["KINDS", "LANGUAGES", "Catalog", "Kind", "Language", "catalog", "localize", "localize_schema",
           "negotiate", "request_language"]
