"""Loading catalogue files: the built-in data once per process, and a user's file merged over it.

A broken entry stops loading with a message naming the file, the exercise id and the field.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.errors import AnkletError
from anklet.domain.exercises import CatalogueError, ContraindicationKind
from anklet.importers.catalogue import (
    EXERCISE_KEYS,
    REQUIRED_KEYS,
    builtin_catalogue,
    load_catalogue,
    merge_catalogue,
    parse_exercise,
)

GOOD = """
[[exercise]]
id = "banded-ankle-pulse"
name = "Banded ankle pulse"
category = "strength"
stage = 2
targets = ["dorsiflexion"]
summary = "Short pulses against a band at the end of the range."
cues = ["Small pulses", "Heel down", "Breathe"]
sources = ["my physio, 2025"]
regressions = ["kneeling-ankle-rock"]
progressions = ["cable-dorsiflexion"]

[[exercise.dosing]]
stage = 2
sets = 2
reps = 15
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> CatalogueError:
    path = write(tmp_path, text)
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    assert str(path) in str(raised.value), "the message names the file"
    return raised.value


def test_the_built_in_catalogue_is_read_once_per_process() -> None:
    """Cached: a second load returns the very same catalogue object."""
    assert load_catalogue() is load_catalogue() is builtin_catalogue()


def test_a_custom_exercise_is_merged_and_remembers_its_file(tmp_path: Path) -> None:
    """A new id joins the built-ins; `origin` says which file it came from."""
    path = write(tmp_path, GOOD)
    catalogue = load_catalogue(path)
    assert len(catalogue) == len(load_catalogue()) + 1
    assert catalogue["banded-ankle-pulse"].origin == str(path)
    assert "banded-ankle-pulse" not in load_catalogue(), "the cached built-ins are untouched"


def test_a_custom_exercise_links_both_ways_into_the_built_in_graph(tmp_path: Path) -> None:
    """Naming a neighbour once is enough: the built-in neighbour gains the reverse link."""
    catalogue = load_catalogue(write(tmp_path, GOOD))
    assert "banded-ankle-pulse" in catalogue["kneeling-ankle-rock"].progressions
    assert "banded-ankle-pulse" in catalogue["cable-dorsiflexion"].regressions


def test_a_custom_entry_always_carries_the_loading_lock(tmp_path: Path) -> None:
    """A file cannot opt out of the red-flag lock: it is added when not listed."""
    custom = load_catalogue(write(tmp_path, GOOD))["banded-ankle-pulse"]
    assert custom.contraindications[0].kind is ContraindicationKind.LOADING_LOCK


def test_an_id_that_clashes_with_a_built_in_is_an_error(tmp_path: Path) -> None:
    """Same id as a built-in without `overrides = true`: refused, naming id and field."""
    error = load_error(tmp_path, GOOD.replace('"banded-ankle-pulse"', '"tibialis-raise"'))
    assert (error.exercise_id, error.field) == ("tibialis-raise", "id")
    assert "overrides = true" in str(error)


def test_overrides_true_replaces_the_built_in(tmp_path: Path) -> None:
    """With `overrides = true` the user's entry takes the built-in's place."""
    text = GOOD.replace('"banded-ankle-pulse"', '"tibialis-raise"').replace(
        'sources = ["my physio, 2025"]', 'sources = ["my physio, 2025"]\noverrides = true'
    )
    catalogue = load_catalogue(write(tmp_path, text))
    assert len(catalogue) == len(load_catalogue())
    assert catalogue["tibialis-raise"].name == "Banded ankle pulse"
    assert catalogue["tibialis-raise"].overrides


def test_overrides_true_without_a_built_in_is_an_error(tmp_path: Path) -> None:
    """Overriding nothing is a mistake worth pointing out."""
    error = load_error(tmp_path, GOOD.replace("cues =", "overrides = true\ncues ="))
    assert (error.exercise_id, error.field) == ("banded-ankle-pulse", "overrides")


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_each_required_field_is_named_when_missing(tmp_path: Path, key: str) -> None:
    """Leave out any required field and the message names it."""
    kept = [
        line
        for line in GOOD.splitlines()
        if not line.startswith(f"{key} =") and not (key == "dosing" and "dosing" in line)
    ]
    if key == "dosing":
        kept = kept[: kept.index("sets = 2") - 1]
    error = load_error(tmp_path, "\n".join(kept))
    assert error.field == key
    assert "required" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        ("stage = 2\ntargets", 'stage = "two"\ntargets', "stage", "'two' is not allowed; "
         "expected a stage: 1, 2, 3 or 4"),
        ("stage = 2\ntargets", "stage = 5\ntargets", "stage", "expected a stage"),
        ('"strength"', '"cardio"', "category", "'cardio' is not allowed; expected one of "
         "mobility, soft-tissue, strength"),
        ('["dorsiflexion"]', '["dorsiflexion", "knees"]', "targets", "'knees' is not allowed"),
        ("summary =", 'equipment = ["rope"]\nsummary =', "equipment", "'rope' is not allowed; "
         "expected one of band, cable, step"),
        ('cues = ["Small pulses", "Heel down", "Breathe"]', 'cues = ["Small pulses"]', "cues",
         "1 cues given; expected 3 to 5 cues"),
        ('cues = ["Small pulses", "Heel down", "Breathe"]', 'cues = "Small pulses"', "cues",
         "expected a list of texts"),
        ("reps = 15", "reps = 15\nreps_max = 10", "dosing[stage=2].reps_max",
         "must be at least reps"),
        ("reps = 15", 'reps = 15\ntempo = "slow"', "dosing[stage=2].tempo", "not a tempo"),
        ("reps = 15", "reps = 15.5", "dosing[1].reps", "expected a whole number"),
        ("reps = 15", "reps = 15\nrest_s = 900", "dosing[stage=2].rest_s",
         "900 is out of range; expected 0 to 600 s"),
        ("reps = 15", "reps = 15\nsetz = 3", "dosing[1].setz", "unknown field; did you mean "
         "'sets'?"),
        ("reps = 15", 'reps = 15\nevidence = "X"', "dosing[1].evidence", "'X' is not allowed; "
         "expected an evidence label: V, S, D or U"),
        ("reps = 15", 'reps = 15\nevidence = "[U]"', "dosing[1].evidence",
         "expected an evidence label"),
        ("reps = 15", "reps = 15\nevidence = 1", "dosing[1].evidence",
         "expected an evidence label"),
        ("summary =", "sumary = 'x'\nsummary =", "sumary", "unknown field; did you mean "
         "'summary'?"),
        ('"cable-dorsiflexion"', '"cable-dorsiflection"', "progressions",
         "'cable-dorsiflection' is not in the catalogue (did you mean 'cable-dorsiflexion'?)"),
        ('progressions = ["cable-dorsiflexion"]', 'progressions = ["ankle-circles"]',
         "progressions", "below this exercise's stage 2"),
        ('id = "banded-ankle-pulse"', 'id = "Banded Pulse"', "id", "not a valid id"),
        ('id = "banded-ankle-pulse"', 'id = "banded-ankle-pulse\\n"', "id", "not a valid id"),
        ("reps = 15", "reps = 15\n\n[[exercise.gates]]\nmetric = \"vibes\"\nthreshold = 3",
         "gates[1].metric", "'vibes' is not allowed; expected one of heel-raise-reps"),
        ("reps = 15", "reps = 15\n\n[[exercise.gates]]\nmetric = \"recent-pain\"\nthreshold = 12",
         "gates[recent-pain].threshold", "12 is out of range; expected 0 to 10"),
        ("reps = 15", "reps = 15\n\n[[exercise.contraindications]]\nkind = \"pain-above\"",
         "contraindications[pain-above].threshold", "expected a pain ceiling"),
        ("reps = 15", "reps = 15\n\n[[exercise.contraindications]]\nkind = \"caution\"",
         "contraindications[caution].note", "a caution needs a note"),
    ],
)  # fmt: skip
def test_a_malformed_custom_entry_gets_a_precise_error(
    tmp_path: Path, old: str, new: str, field: str, fragment: str
) -> None:
    """The message names the file, the exercise id and the field, and says what is allowed."""
    assert old in GOOD
    error = load_error(tmp_path, GOOD.replace(old, new, 1))
    assert error.field == field, str(error)
    assert fragment in str(error)
    if field != "id":
        assert error.exercise_id == "banded-ankle-pulse"
        assert f"exercise 'banded-ankle-pulse', field '{field}'" in str(error)


@pytest.mark.parametrize("label", ["V", "S", "D", "U"])
def test_a_dose_carries_its_evidence_label(tmp_path: Path, label: str) -> None:
    """`evidence` on a dosing table is kept on the Dosing; left out, it is None."""
    labelled = load_catalogue(
        write(tmp_path, GOOD.replace("reps = 15", f'reps = 15\nevidence = "{label}"'))
    )
    assert labelled["banded-ankle-pulse"].dosing[0].evidence == label
    plain = load_catalogue(write(tmp_path, GOOD, name="plain.toml"))
    assert plain["banded-ankle-pulse"].dosing[0].evidence is None


def test_a_cycle_through_custom_entries_is_refused(tmp_path: Path) -> None:
    """Two custom entries that progress to each other close a loop."""
    second = GOOD.replace('"banded-ankle-pulse"', '"banded-ankle-pulse-two"').replace(
        'progressions = ["cable-dorsiflexion"]', 'progressions = ["banded-ankle-pulse"]'
    )
    first = GOOD.replace('progressions = ["cable-dorsiflexion"]',
                         'progressions = ["banded-ankle-pulse-two"]')  # fmt: skip
    error = load_error(tmp_path, first + second)
    assert "cycle along progressions" in str(error)
    assert "banded-ankle-pulse -> banded-ankle-pulse-two -> banded-ankle-pulse" in str(error)


def test_the_same_id_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    """Ids are unique within a file too."""
    error = load_error(tmp_path, GOOD + GOOD)
    assert (error.exercise_id, error.field) == ("banded-ankle-pulse", "id")
    assert "used twice" in str(error)


def test_a_file_that_is_not_toml_says_so(tmp_path: Path) -> None:
    """A syntax error is reported with TOML's own line and column."""
    error = load_error(tmp_path, "[[exercise]\nid = 1")
    assert "not valid TOML" in str(error)
    assert "line 1" in str(error)


def test_an_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    """Entries live in [[exercise]] tables; anything else is probably a typo."""
    error = load_error(tmp_path, "[[exercises]]\nid = 'x'\n")
    assert "unknown top-level key 'exercises'" in str(error)


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    """A wrong path is reported as such, as an AnkletError the CLI turns into exit code 2."""
    with pytest.raises(AnkletError, match="file not found"):
        load_catalogue(tmp_path / "nowhere.toml")


def test_an_empty_custom_file_leaves_the_built_ins(tmp_path: Path) -> None:
    """A file with no entries yet is not an error."""
    assert len(load_catalogue(write(tmp_path, "# nothing yet\n"))) == len(load_catalogue())


TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 200) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@given(key=st.sampled_from(sorted(EXERCISE_KEYS)), value=TOML_VALUES)
def test_any_value_in_any_field_loads_or_gives_a_catalogue_error(key: str, value: Any) -> None:
    """Whatever a user types in a field, the answer is an entry or a precise CatalogueError,
    never a crash."""
    raw = tomllib.loads(GOOD)["exercise"][0]
    raw[key] = value
    try:
        exercise = parse_exercise(raw, file="fuzz.toml")
        merge_catalogue(load_catalogue(), [exercise], file="fuzz.toml")
    except CatalogueError as error:
        assert error.file == "fuzz.toml"
        assert error.field or error.exercise_id or "catalogue" in str(error)
