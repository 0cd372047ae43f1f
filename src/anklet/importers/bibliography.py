"""data/bibliography.toml -> the domain's Bibliography, checked field by field on load.

The first broken entry stops loading with a message naming the file, the source id and the
field, as the catalogue's loader does. The built-in file is read once per process.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from anklet.domain.bibliography import Bibliography, BibliographyError, Source, source_problems

BIBLIOGRAPHY_FILE = "bibliography.toml"
TEXT_FIELDS = ("id", "cite", "topic", "title", "published_in", "uses", "read")
OPTIONAL_TEXT_FIELDS = ("doi", "url", "note")
SOURCE_KEYS = {*TEXT_FIELDS, *OPTIONAL_TEXT_FIELDS, "authors", "year", "unlocated"}


@lru_cache(maxsize=1)
def load_bibliography() -> Bibliography:
    """The bibliography Anklet ships."""
    text = resources.files("anklet.data").joinpath(BIBLIOGRAPHY_FILE).read_text(encoding="utf-8")
    return parse_bibliography(text, file=BIBLIOGRAPHY_FILE)


def parse_bibliography(text: str, *, file: str) -> Bibliography:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BibliographyError(f"not valid TOML: {error}", file=file) from None
    unknown = sorted(set(document) - {"source"})
    if unknown:
        raise BibliographyError(
            f"unknown top-level key {unknown[0]!r}; entries go in [[source]] tables", file=file
        )
    raw_entries = document.get("source", [])
    if not isinstance(raw_entries, list) or not all(isinstance(e, dict) for e in raw_entries):
        raise BibliographyError("'source' must be an array of tables: [[source]]", file=file)
    sources: list[Source] = []
    seen_ids: set[str] = set()
    seen_cites: dict[str, str] = {}
    for index, raw in enumerate(raw_entries, start=1):
        source = parse_source(raw, file=file, position=index)
        if source.id in seen_ids:
            raise BibliographyError(
                "the id is used twice", file=file, source_id=source.id, field="id"
            )
        cite = source.cite.casefold()
        if cite in seen_cites:
            raise BibliographyError(
                f"the short form is already used by {seen_cites[cite]!r}",
                file=file,
                source_id=source.id,
                field="cite",
            )
        seen_ids.add(source.id)
        seen_cites[cite] = source.id
        sources.append(source)
    if not sources:
        raise BibliographyError("no [[source]] entries", file=file)
    return Bibliography(tuple(sources))


def parse_source(raw: Mapping[str, Any], *, file: str, position: int = 1) -> Source:
    """One [[source]] table -> a Source, or a BibliographyError naming file, id and field."""
    raw_id = raw.get("id")
    source_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"

    def fail(name: str, problem: str) -> BibliographyError:
        return BibliographyError(problem, file=file, source_id=source_id, field=name)

    for key in sorted(set(raw) - SOURCE_KEYS):
        raise fail(key, f"unknown field; allowed: {', '.join(sorted(SOURCE_KEYS))}")
    texts: dict[str, str] = {}
    for name in (*TEXT_FIELDS, *OPTIONAL_TEXT_FIELDS):
        if name not in raw:
            if name in TEXT_FIELDS:
                raise fail(name, "this field is required")
            texts[name] = ""
            continue
        value = raw[name]
        if not isinstance(value, str):
            raise fail(name, f"{value!r} is not allowed; expected a text")
        texts[name] = " ".join(value.split())
    authors = raw.get("authors")
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise fail("authors", 'expected a list of names, e.g. ["Silbernagel KG", "Thomeé R"]')
    year = raw.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise fail("year", f"{year!r} is not allowed; expected a whole number, or no year")
    unlocated = raw.get("unlocated", False)
    if not isinstance(unlocated, bool):
        raise fail("unlocated", f"{unlocated!r} is not allowed; expected true or false")
    source = Source(
        id=texts["id"],
        cite=texts["cite"],
        topic=texts["topic"],
        authors=tuple(author.strip() for author in authors),
        year=year,
        title=texts["title"],
        published_in=texts["published_in"],
        uses=texts["uses"],
        read=texts["read"],
        doi=texts["doi"],
        url=texts["url"],
        note=texts["note"],
        unlocated=unlocated,
    )
    for name, problem in source_problems(source):
        raise fail(name, problem)
    return source
