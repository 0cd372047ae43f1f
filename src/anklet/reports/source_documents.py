"""Bibliography values -> plain JSON-ready dicts, for `anklet sources --json`, the API and the
/sources page; and the text the evidence labels carry everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from anklet.domain.evidence import EVIDENCE_LABELS

if TYPE_CHECKING:
    from anklet.domain.bibliography import Source


def source_as_dict(source: Source) -> dict[str, Any]:
    """Every field of a source, with its full reference and where to find it."""
    return {
        "id": source.id,
        "cite": source.cite,
        "topic": source.topic,
        "authors": list(source.authors),
        "year": source.year,
        "title": source.title,
        "published_in": source.published_in,
        "doi": source.doi or None,
        "url": source.url or None,
        "address": source.address or None,
        "read": source.read,
        "read_as": source.read_as,
        "uses": source.uses,
        "note": source.note or None,
        "reference": source.reference(),
    }


def labels_as_list() -> list[dict[str, str]]:
    """The four evidence labels with what each means."""
    return [
        {"label": label.letter, "short": label.short, "meaning": label.meaning}
        for label in EVIDENCE_LABELS
    ]


def sources_as_dict(sources: list[Source]) -> dict[str, Any]:
    return {
        "count": len(sources),
        "labels": labels_as_list(),
        "sources": [source_as_dict(source) for source in sources],
    }
