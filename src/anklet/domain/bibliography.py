"""The sources Anklet cites, and the author-year citations in its texts that point at them.

Every reason, decision, finding and catalogue entry names where its rule or number comes from
in author-year form ("Silbernagel 2007 [S]", "derived from Hoch & McKeon 2011 [D]"). The
bibliography (data/bibliography.toml, loaded by `anklet.importers.bibliography`) holds one
`Source` per work cited, with the short form texts use for it (`cite`). `find_citations` reads a
text and says which source each citation names, so a view can link it and a test can prove
that none points nowhere.

A source without a known year is cited with "n.d." ("Mayo Clinic n.d."); a source whose short
form does not start with a capital ("healthhp.com.au n.d.", "source article 2025") is found by
its exact short form only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from anklet.domain.errors import AnkletError

NO_DATE = "n.d."
# How Anklet saw a source: the source itself (an abstract, a page, a book chapter), or only
# through other pages that report it. The label of a claim ([V], [S], [D], [U]) says how well
# the claim is supported; this says how the source was read.
READ_FIRST_HAND = "V"
READ_SECOND_HAND = "S"
READ_AS = {READ_FIRST_HAND: "read first hand", READ_SECOND_HAND: "known second hand"}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A surname or a body's name: capitalised words, perhaps after "van der", "de" or "von".
_NAME = r"(?:(?:van|der|de|den|von)\s+)*[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*"
_YEAR = r"(?:(?:19|20)\d{2}[a-z]?(?![\w-])|n\.d\.)"
_MENTION = re.compile(
    rf"(?<![\w'’])(?P<names>{_NAME}(?:\s+et\s+al\.?|(?:\s*,\s*{_NAME})*\s*(?:&|and)\s*{_NAME})?)"
    rf"\s*,?\s+(?P<year>{_YEAR})"
)
_ET_AL = re.compile(r"\s+et\s+al\.?")


class BibliographyError(AnkletError):
    """The bibliography file is broken; names the file, the source id and the field."""

    def __init__(self, problem: str, *, file: str = "", source_id: str = "", field: str = ""):
        self.problem = problem
        self.file = file
        self.source_id = source_id
        self.field = field
        where = [file or "bibliography"]
        if source_id:
            where.append(f"source {source_id!r}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclass(frozen=True)
class Source:
    """One work Anklet cites: who, when, what, where to find it, and what Anklet takes from it."""

    id: str
    cite: str  # the short author-year form the texts use: "Silbernagel 2007"
    topic: str  # the part of the product it supports ("Red flags"); views group by it
    authors: tuple[str, ...]
    year: int | None  # None: the page carries no date ("n.d.")
    title: str
    published_in: str  # journal, book or publisher
    uses: str
    read: str  # READ_FIRST_HAND or READ_SECOND_HAND
    doi: str = ""
    url: str = ""
    note: str = ""
    unlocated: bool = False  # no address is known; `note` says why

    @property
    def address(self) -> str:
        """Where to find it: the DOI as a link when there is one, else the web address."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year is not None else NO_DATE

    @property
    def read_as(self) -> str:
        return READ_AS[self.read]

    def reference(self) -> str:
        """The full reference on one line: authors (year). Title. Where."""
        authors = ", ".join(self.authors)
        return f"{authors} ({self.year_text}). {self.title.rstrip('.')}. {self.published_in}."


def source_problems(source: Source) -> list[tuple[str, str]]:
    """(field, problem) for every rule a source breaks; empty when it is sound."""
    problems: list[tuple[str, str]] = []
    if not _ID.match(source.id):
        problems.append(("id", "expected lower-case words joined by '-', e.g. 'silbernagel-2007'"))
    for name in ("cite", "topic", "title", "published_in", "uses"):
        if not getattr(source, name).strip():
            problems.append((name, "this field must not be empty"))
    if not source.authors or any(not author.strip() for author in source.authors):
        problems.append(("authors", "expected at least one author (a person or a body)"))
    if source.year is not None and not 1900 <= source.year <= 2100:
        problems.append(("year", f"{source.year} is not a plausible year"))
    if source.read not in READ_AS:
        problems.append(("read", "expected 'V' (read first hand) or 'S' (known second hand)"))
    if source.cite.strip() and not source.cite.rstrip().endswith(source.year_text):
        problems.append(("cite", f"expected the short form to end with {source.year_text}"))
    return problems + _address_problems(source)


def _address_problems(source: Source) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if source.unlocated:
        if source.doi or source.url:
            problems.append(("unlocated", "a source with a DOI or url is not unlocated"))
        if not source.note.strip():
            problems.append(("note", "an unlocated source says in its note why it has no address"))
    elif not source.doi and not source.url:
        problems.append(
            ("doi", "give a DOI or an address (url), or 'unlocated = true' with a note why")
        )
    if source.url and not source.url.startswith(("https://", "http://")):
        problems.append(("url", "expected an address starting with https:// or http://"))
    if source.doi and not source.doi.startswith("10."):
        problems.append(("doi", "expected a DOI such as 10.1177/0363546506298279"))
    return problems


def _key(text: str) -> str:
    """A citation compared loosely: no "et al.", "and" as "&", single spaces, any case."""
    text = _ET_AL.sub("", text)
    text = re.sub(r"\s*,?\s+(?=(?:19|20)\d{2}|n\.d\.)", " ", text)
    text = re.sub(r"\s+and\s+", " & ", text)
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Citation:
    """One author-year citation as written in a text, and the source it names (None: unknown)."""

    text: str
    start: int
    end: int
    source: Source | None


@dataclass(frozen=True)
class Bibliography:
    """The sources in file order, looked up by id or by the short form a text cites."""

    sources: tuple[Source, ...]
    _by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Source] = field(init=False, repr=False, compare=False)
    _literal: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {source.id: source for source in self.sources})
        object.__setattr__(self, "_by_key", {_key(source.cite): source for source in self.sources})
        forms = sorted((source.cite for source in self.sources), key=len, reverse=True)
        pattern = "|".join(re.escape(form) for form in forms) or r"(?!)"
        literal = re.compile(rf"(?<![\w'’])(?:{pattern})(?!\w)", re.IGNORECASE)
        object.__setattr__(self, "_literal", literal)

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._by_id

    def __getitem__(self, source_id: str) -> Source:
        return self._by_id[source_id]

    def get(self, source_id: str) -> Source | None:
        return self._by_id.get(source_id)

    def by_cite(self, text: str) -> Source | None:
        """The source whose short form `text` is ("Green et al. 2024" finds "Green 2024")."""
        return self._by_key.get(_key(text))

    def find_citations(self, text: str) -> tuple[Citation, ...]:
        """Every author-year citation in `text`, in order, each with the source it names.

        A short form from the bibliography is found as written; any other "Name 2019",
        "Name et al. 2019", "Name & Other 2019" or "Name n.d." is a citation too, and its source
        is None when the bibliography has no such work (a test keeps that list empty).
        """
        found: list[Citation] = []
        taken: list[tuple[int, int]] = []
        for match in self._literal.finditer(text):
            source = self.by_cite(match.group())
            found.append(Citation(match.group(), match.start(), match.end(), source))
            taken.append(match.span())
        for match in _MENTION.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            found.append(self._resolve(match.group(), match.start(), match.end()))
        return tuple(sorted(found, key=lambda citation: citation.start))

    def _resolve(self, written: str, start: int, end: int) -> Citation:
        """A capitalised word before the name ("Derived Hoch 2012") is not part of it: drop
        leading words until the rest names a source, or give the whole mention unresolved."""
        words = written.split(" ")
        for first in range(len(words) - 1):
            rest = " ".join(words[first:])
            source = self.by_cite(rest)
            if source is not None:
                offset = len(" ".join(words[:first])) + (1 if first else 0)
                return Citation(rest, start + offset, end, source)
        return Citation(written, start, end, None)

    def topics(self) -> list[tuple[str, list[Source]]]:
        """The sources grouped by topic, topics and sources in file order."""
        groups: dict[str, list[Source]] = {}
        for source in self.sources:
            groups.setdefault(source.topic, []).append(source)
        return list(groups.items())

    def cited_in(self, text: str) -> tuple[Source, ...]:
        """The sources `text` cites, each once, in the order first cited."""
        seen: dict[str, Source] = {}
        for citation in self.find_citations(text):
            if citation.source is not None:
                seen.setdefault(citation.source.id, citation.source)
        return tuple(seen.values())

    def unresolved_in(self, text: str) -> tuple[str, ...]:
        """Citations in `text` that name no source of the bibliography."""
        return tuple(c.text for c in self.find_citations(text) if c.source is None)
