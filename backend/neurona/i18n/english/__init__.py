"""The English message templates, one table per part of Neurona that speaks; a key is declared once."""

from . import answers, explorer, graph, probes, requests, rooms, shapes, uploads

TABLES: tuple[dict[str, str], ...] = (graph.TEMPLATES, shapes.TEMPLATES, requests.TEMPLATES, probes.TEMPLATES,
                                        uploads.TEMPLATES, explorer.TEMPLATES, answers.TEMPLATES, rooms.TEMPLATES)


def _merged() -> dict[str, str]:
    merged: dict[str, str] = {}
    for table in TABLES:
        twice = sorted(set(merged) & set(table))
        if twice:
            raise ValueError(f"message templates declared twice: {', '.join(twice)}")
        merged |= table
    return merged


ENGLISH = _merged()
