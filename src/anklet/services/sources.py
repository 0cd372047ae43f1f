"""Use cases for the bibliography: list the sources Anklet cites, show one, and say which
sources a text cites.

The bibliography is passed in (loaded by `anklet.importers.bibliography`), so these functions
need no database.
"""

from __future__ import annotations

import difflib

from anklet.domain.bibliography import Bibliography, Source
from anklet.domain.errors import NotFound

__all__ = [
    "list_sources",
    "show_source",
    "sources_cited_in",
]


def list_sources(*, bibliography: Bibliography) -> list[Source]:
    """Every source, in the bibliography's order (by topic)."""
    return list(bibliography)


def show_source(*, bibliography: Bibliography, source_id: str) -> Source:
    """The source named by id, or by the short form a text cites ("Silbernagel 2007");
    NotFound suggests the closest ids."""
    wanted = source_id.strip()
    found = bibliography.get(wanted) or bibliography.by_cite(wanted)
    if found is not None:
        return found
    ids = [source.id for source in bibliography]
    close = difflib.get_close_matches(wanted.casefold(), ids, n=3, cutoff=0.5)
    hint = ("did you mean " + " or ".join(repr(i) for i in close) + "?") if close else ""
    raise NotFound("source", wanted, hint or "the bibliography lists every source by id")


def sources_cited_in(*, bibliography: Bibliography, text: str) -> list[Source]:
    """The sources `text` cites, each once, in the order it first cites them."""
    return list(bibliography.cited_in(text))
