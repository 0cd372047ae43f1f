"""Evidence labels: how well a number or a rule is supported, and what a user reads about it.

[V] primary source read, [S] secondary source only, [D] derived by Anklet from sourced numbers,
[U] unverified: from memory or common practice, no supporting data seen. A label stands alone
("[U]"), after what it covers ("size of the cut [U]") or combined with others ("[D/U]", "[V, U]").

A source is only shown in some views, so a text whose source is [U] says "unverified" itself:
`flag_unverified` adds `UNVERIFIED_NOTE` once, and never to a text that already says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

UNVERIFIED_NOTE = "(Unverified: no supporting study was found for this.)"


@dataclass(frozen=True)
class EvidenceLabel:
    """One of the four labels: its letter, the short phrase of the legend, and what it means."""

    letter: str
    short: str
    meaning: str


# The one place the labels are explained; the legend, `anklet sources`, the /sources page, the
# API and docs/evidence.md all show these words.
EVIDENCE_LABELS = (
    EvidenceLabel(
        "V",
        "primary source read",
        "The number or rule was seen in the source itself: its abstract, a table of it, or its "
        "text. Most sources were read as abstracts and first pages, not in full.",
    ),
    EvidenceLabel(
        "S",
        "secondary source only",
        "The number was seen only in a page that reports the source (a guideline summary, a "
        "clinic or coaching page, a review's table), not in the source itself. Weaker than [V].",
    ),
    EvidenceLabel(
        "D",
        "derived from sourced numbers",
        "Anklet worked the value out from sourced numbers, for example a threshold one standard "
        "deviation below a healthy mean, or a cut-off set stricter than a trial's. The citation "
        "names what it was derived from.",
    ),
    EvidenceLabel(
        "U",
        "unverified (common practice, no supporting data seen)",
        "No supporting study was found: the value comes from common practice or a default, or "
        "the source seen gave no data for it. Every text that rests on it says 'unverified', and "
        "the value is kept easy to change.",
    ),
)
EVIDENCE_LEGEND = (
    "Evidence labels: "
    + ", ".join(f"[{label.letter}] {label.short}" for label in EVIDENCE_LABELS)
    + "."
)

_LETTERS = "VSDU"
# One bracket of evidence letters separated by "/" or ",", perhaps naming who after a comma:
# [U], [D/U], [S/V/D], [V, U], [V, ACSM]. Not [Un] or [Nn,Un] (minified code, option lists).
_TAIL = r"(?:\s*,\s*[A-Za-z][^\[\]]*)?\s*\]"
_LABEL = re.compile(rf"\[\s*[{_LETTERS}](?:\s*[/,]\s*[{_LETTERS}])*(?![A-Za-z]){_TAIL}")
_UNVERIFIED_LABEL = re.compile(
    rf"\[\s*(?:[{_LETTERS}]\s*[/,]\s*)*U(?:\s*[/,]\s*[{_LETTERS}])*(?![A-Za-z]){_TAIL}"
)


def has_label(text: str) -> bool:
    """Whether `text` carries an evidence label ([V], [S], [D], [U] or a combination)."""
    return _LABEL.search(text) is not None


# Every Reason and Decision asks this of its source, and a stored plan read back rebuilds
# thousands of them from a few dozen distinct sources: remembered per source (pure).
@lru_cache(maxsize=4096)
def is_unverified(source: str) -> bool:
    """Whether `source` labels anything [U], alone or in a combined label."""
    return _UNVERIFIED_LABEL.search(source) is not None


def says_unverified(text: str) -> bool:
    return "unverified" in text.lower()


def flag_unverified(text: str, source: str) -> str:
    """`text` with `UNVERIFIED_NOTE` appended when `source` is [U] and `text` does not say so.

    Idempotent: flagging a flagged text, or a text copied from one, returns it unchanged.
    """
    if not text.strip() or not is_unverified(source) or says_unverified(text):
        return text
    return f"{text.rstrip()} {UNVERIFIED_NOTE}"


def flag_labelled(text: str) -> str:
    """A catalogue note carries its own label: flag it when that label is [U]."""
    return flag_unverified(text, text)


def legend_for(texts: Iterable[str]) -> str:
    """`EVIDENCE_LEGEND` when any of `texts` (what a view shows) carries a label, else ""."""
    return EVIDENCE_LEGEND if any(has_label(text) for text in texts) else ""
