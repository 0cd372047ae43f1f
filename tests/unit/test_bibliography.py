"""The bibliography Anklet ships: every source complete and cited somewhere in the product, a
broken entry named by file, id and field, and author-year citations found in any text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import anklet
from anklet.domain.bibliography import Bibliography, BibliographyError
from anklet.domain.evidence import EVIDENCE_LABELS, EVIDENCE_LEGEND
from anklet.importers.bibliography import load_bibliography, parse_bibliography

PACKAGE = Path(anklet.__file__).parent
ROOT = PACKAGE.parents[1]

GOOD = """
[[source]]
id = "silbernagel-2007"
cite = "Silbernagel 2007"
topic = "Loading"
authors = ["Silbernagel KG", "Thomeé R"]
year = 2007
title = "Continued sports activity, using a pain-monitoring model"
published_in = "American Journal of Sports Medicine"
url = "https://example.org/silbernagel"
read = "V"
uses = "The pain-monitoring model."
"""


@pytest.fixture(scope="module")
def bibliography() -> Bibliography:
    return load_bibliography()


def test_the_shipped_bibliography_loads_with_complete_entries(bibliography: Bibliography) -> None:
    assert len(bibliography) >= 50
    for source in bibliography:
        assert source.authors and source.title and source.published_in and source.uses
        assert source.address or (source.unlocated and source.note), source.id
        assert source.cite.endswith(source.year_text), source.id
        assert source.read in {"V", "S"}, source.id
        assert bibliography.by_cite(source.cite) is source


def test_ids_and_short_forms_are_unique(bibliography: Bibliography) -> None:
    ids = [source.id for source in bibliography]
    cites = [source.cite.casefold() for source in bibliography]
    assert len(set(ids)) == len(ids)
    assert len(set(cites)) == len(cites)


def _product_texts() -> str:
    """Everything the product says, where a source can be cited: its code, its data and its
    documents (the bibliography itself and the page rendered from it excluded)."""
    files = [*PACKAGE.rglob("*.py"), *(PACKAGE / "data").rglob("*.toml")]
    files += [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    skip = {PACKAGE / "data" / "bibliography.toml", ROOT / "docs" / "evidence.md"}
    return "\n".join(p.read_text(encoding="utf-8") for p in files if p not in skip)


def test_every_source_is_cited_somewhere_in_the_product(bibliography: Bibliography) -> None:
    """One entry per source used: none is listed that nothing cites."""
    cited = {source.id for source in bibliography.cited_in(_product_texts())}
    assert {source.id for source in bibliography} - cited == set()


def test_the_four_labels_are_explained_in_one_place() -> None:
    assert [label.letter for label in EVIDENCE_LABELS] == ["V", "S", "D", "U"]
    assert all(label.meaning.endswith(".") for label in EVIDENCE_LABELS)
    for label in EVIDENCE_LABELS:
        assert f"[{label.letter}] {label.short}" in EVIDENCE_LEGEND


# --- a broken file says where ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('id = "silbernagel-2007"', 'id = "Silbernagel 2007"'), "id", "lower-case"),
        (("year = 2007", 'year = "2007"'), "year", "whole number"),
        (("year = 2007", "year = 1066"), "year", "plausible"),
        (('read = "V"', 'read = "D"'), "read", "first hand"),
        (('url = "https://example.org/silbernagel"', ""), "doi", "DOI or an address"),
        (('url = "https://example.org/silbernagel"', 'url = "example.org"'), "url", "https://"),
        (('url = "https://example.org/silbernagel"', "unlocated = true"), "note", "why"),
        (('cite = "Silbernagel 2007"', 'cite = "Silbernagel"'), "cite", "2007"),
        (('uses = "The pain-monitoring model."', 'uses = ""'), "uses", "empty"),
        (('topic = "Loading"', ""), "topic", "required"),
        (('authors = ["Silbernagel KG", "Thomeé R"]', 'authors = "Silbernagel"'), "authors", ""),
        (('read = "V"', 'read = "V"\nimpact = 3'), "impact", "unknown field"),
    ],
)
def test_a_broken_entry_names_the_file_the_source_and_the_field(
    change: tuple[str, str], field: str, words: str
) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(BibliographyError) as caught:
        parse_bibliography(text, file="my-bibliography.toml")
    error = caught.value
    assert error.file == "my-bibliography.toml" and error.field == field
    assert error.source_id in {"silbernagel-2007", "Silbernagel 2007"}
    assert str(error).startswith("my-bibliography.toml, source ")
    assert words in str(error)


def test_two_entries_with_one_id_or_one_short_form_are_refused() -> None:
    with pytest.raises(BibliographyError, match="id is used twice"):
        parse_bibliography(GOOD + GOOD, file="b.toml")
    other = GOOD.replace('id = "silbernagel-2007"', 'id = "silbernagel-2007b"')
    with pytest.raises(BibliographyError, match="short form is already used"):
        parse_bibliography(GOOD + other, file="b.toml")


def test_a_file_that_is_not_toml_or_has_no_entries_is_refused() -> None:
    with pytest.raises(BibliographyError, match="not valid TOML"):
        parse_bibliography("[[source]\n", file="b.toml")
    with pytest.raises(BibliographyError, match="no \\[\\[source\\]\\] entries"):
        parse_bibliography("", file="b.toml")
    with pytest.raises(BibliographyError, match="unknown top-level key"):
        parse_bibliography("[sources]\n", file="b.toml")


# --- finding citations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Silbernagel 2007 pain-monitoring model [S]; 3/10 cut-off [D]", ["silbernagel-2007"]),
        ("derived from Hoch & McKeon 2011 [D]", ["hoch-mckeon-2011"]),
        ("Hoch and McKeon 2011; Hoch 2012", ["hoch-mckeon-2011", "hoch-2012"]),
        (
            "Hébert-Losier et al. 2017; Sleeswijk Visser et al. 2025",
            ["hebert-losier-2017", "sleeswijk-visser-2025"],
        ),
        (
            "O'Neill, Barry & Watson 2019 (soleus); O'Neill et al. 2019",
            ["oneill-barry-watson-2019", "oneill-2019"],
        ),
        (
            "Alves 2019; van der Linden 2003; FDA 2008 warning [V]",
            ["alves-2019", "van-der-linden-2003", "fda-2008"],
        ),
        (
            "Mayo Clinic n.d. CECS page; NHS Borders n.d. [V]",
            ["mayo-clinic-cecs", "nhs-borders-msk"],
        ),
        (
            "NSCA (Potach & Chu 2016); healthhp.com.au n.d.",
            ["potach-chu-2016", "healthhp-calf-rehab"],
        ),
        (
            "source article 2025 (range first); Source article 2025",
            ["source-article-2025", "source-article-2025"],
        ),
        ("Green, 2022", ["green-2022"]),
        ("no citation here [U]; ACSM double progression", []),
    ],
)
def test_citations_are_found_in_every_written_form(
    bibliography: Bibliography, text: str, ids: list[str]
) -> None:
    found = bibliography.find_citations(text)
    assert [c.source.id for c in found if c.source] == ids
    assert bibliography.unresolved_in(text) == ()
    for citation in found:
        assert text[citation.start : citation.end] == citation.text


def test_a_capitalised_word_before_a_name_is_not_part_of_the_citation(
    bibliography: Bibliography,
) -> None:
    text = "Derived Ross & Fontenot 2000 (plateau rule)"
    (citation,) = bibliography.find_citations(text)
    assert citation.source is not None and citation.source.id == "ross-fontenot-2000"
    assert text[citation.start : citation.end] == "Ross & Fontenot 2000"


def test_a_citation_of_a_work_not_in_the_bibliography_is_reported(
    bibliography: Bibliography,
) -> None:
    assert bibliography.unresolved_in("Smith 2020; Silbernagel 2007") == ("Smith 2020",)
    assert bibliography.unresolved_in("Nobody et al. 1999 [V]") == ("Nobody et al. 1999",)
    assert [s.id for s in bibliography.cited_in("Smith 2020; Silbernagel 2007")] == [
        "silbernagel-2007"
    ]


def test_every_address_is_a_web_address(bibliography: Bibliography) -> None:
    for source in bibliography:
        if source.address:
            assert re.match(r"^https?://\S+$", source.address), source.id
