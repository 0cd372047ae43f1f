"""`anklet sources`: every work Anklet cites, one in full, and the evidence labels explained."""

from __future__ import annotations

import json

from anklet.domain.evidence import EVIDENCE_LABELS
from anklet.importers.bibliography import load_bibliography
from tests.cli.conftest import Cli


def test_the_list_names_every_source_and_explains_the_labels(cli: Cli) -> None:
    result = cli("sources")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for source in load_bibliography():
        assert source.id in text, source.id
        assert source.cite in text, source.cite
    for label in EVIDENCE_LABELS:
        assert f"[{label.letter}] {label.short}" in text


def test_the_list_as_json_carries_every_field(cli: Cli) -> None:
    document = cli.json("sources")
    bibliography = load_bibliography()
    assert document["count"] == len(bibliography) == len(document["sources"])
    assert [label["label"] for label in document["labels"]] == ["V", "S", "D", "U"]
    first = document["sources"][0]
    assert set(first) >= {"id", "cite", "authors", "year", "title", "published_in", "uses"}
    assert [s["id"] for s in document["sources"]] == [s.id for s in bibliography]


def test_one_source_by_id_or_by_its_citation(cli: Cli) -> None:
    result = cli("sources", "silbernagel-2007")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Silbernagel 2007 (silbernagel-2007)" in text
    assert "pain-monitoring model" in text and "https://" in text
    assert "What Anklet takes from it" in text
    by_cite = json.loads(cli("sources", "Silbernagel 2007", "--json").stdout)
    assert by_cite["id"] == "silbernagel-2007" and by_cite["year"] == 2007


def test_an_unknown_source_is_a_one_line_error_with_suggestions(cli: Cli) -> None:
    result = cli("sources", "silbernagel-2008")
    assert result.exit_code == 2
    assert "no source named 'silbernagel-2008'" in result.stderr
    assert "silbernagel-2007" in result.stderr
