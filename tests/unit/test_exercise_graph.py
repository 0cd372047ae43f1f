"""The graph and entry rules as pure functions, on small hand-made and generated catalogues."""

from __future__ import annotations

from dataclasses import replace
from typing import TypedDict, Unpack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.exercise_checks import exercise_problems
from anklet.domain.exercise_graph import (
    check_graph,
    dangling_links,
    graph_problems,
    inverse_mismatches,
    ladder_path,
    progression_chain,
    progression_cycle,
    regression_chain,
    with_inverse_links,
)
from anklet.domain.exercises import (
    Catalogue,
    CatalogueError,
    Category,
    Contraindication,
    Dosing,
    Exercise,
    Stage,
    Target,
    WeekStep,
)


class ExerciseChanges(TypedDict, total=False):
    """The fields of an entry a test changes (the stage is `entry`'s own argument)."""

    id: str
    name: str
    category: Category
    targets: tuple[Target, ...]
    summary: str
    cues: tuple[str, ...]
    dosing: tuple[Dosing, ...]
    sources: tuple[str, ...]
    minutes: int
    instructions: tuple[str, ...]
    regressions: tuple[str, ...]
    progressions: tuple[str, ...]
    contraindications: tuple[Contraindication, ...]


class EntryOptions(ExerciseChanges, total=False):
    """Everything `entry` takes by keyword: the changes and the stage."""

    stage: int


def entry(exercise_id: str, stage: int = 1, **changes: Unpack[ExerciseChanges]) -> Exercise:
    base = Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " "),
        category=Category.STRENGTH,
        stage=Stage(stage),
        targets=(Target.DORSIFLEXION, Target.PLANTARFLEXION),
        summary="A test entry.",
        cues=("one", "two", "three"),
        dosing=(Dosing(stage=Stage(stage), sets=2, reps=10),),
        sources=("article",),
    )
    return replace(base, **changes)


def chain(*ids: str) -> Catalogue:
    """A straight ladder a -> b -> c ..., stages rising from 1 to at most 4."""
    exercises = [
        entry(
            exercise_id,
            stage=min(index + 1, 4),
            regressions=(ids[index - 1],) if index else (),
            progressions=(ids[index + 1],) if index + 1 < len(ids) else (),
        )
        for index, exercise_id in enumerate(ids)
    ]
    return Catalogue(tuple(exercises))


def test_a_sound_ladder_has_no_graph_problems() -> None:
    """Four linked rungs from stage 1 to 4 satisfy every rule."""
    assert graph_problems(chain("a", "b", "c", "d")) == []


def test_a_dangling_link_is_reported_with_the_closest_id() -> None:
    """'did you mean' helps with a typo in a link."""
    broken = Catalogue(
        (entry("calf-raise", progressions=("calf-rase-two",)), entry("calf-raise-two"))
    )
    assert dangling_links(broken) == [
        ("calf-raise", "progressions", "'calf-rase-two' is not in the catalogue (did you mean "
         "'calf-raise-two'?)")
    ]  # fmt: skip


def test_a_one_sided_link_is_an_inverse_mismatch() -> None:
    """A lists B as harder, B does not list A as easier."""
    one_sided = Catalogue((entry("a", progressions=("b",)), entry("b", 2)))
    assert inverse_mismatches(one_sided) == [
        ("a", "progressions", "'b' does not list 'a' among its regressions")
    ]


def test_a_cycle_is_returned_as_the_ids_walked() -> None:
    """a -> b -> c -> a is found and named in order."""
    looped = Catalogue(
        (
            entry("a", progressions=("b",), regressions=("c",)),
            entry("b", progressions=("c",), regressions=("a",)),
            entry("c", progressions=("a",), regressions=("b",)),
        )
    )
    assert progression_cycle(looped) == ("a", "b", "c", "a")


@given(
    size=st.integers(min_value=2, max_value=12),
    data=st.data(),
)
def test_a_graph_whose_edges_only_point_forward_never_has_a_cycle(
    size: int, data: st.DataObject
) -> None:
    """Edges i -> j with i < j form a DAG; adding j -> i closes a cycle through both."""
    pairs = st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))
    edges = {(i, j) for i, j in data.draw(st.lists(pairs, max_size=30)) if i < j}
    ids = [f"e{n}" for n in range(size)]

    def build(all_edges: set[tuple[int, int]]) -> Catalogue:
        return Catalogue(
            tuple(
                entry(ids[n], progressions=tuple(ids[j] for i, j in sorted(all_edges) if i == n))
                for n in range(size)
            )
        )

    assert progression_cycle(build(edges)) is None
    if edges:
        i, j = data.draw(st.sampled_from(sorted(edges)))
        cycle = progression_cycle(build(edges | {(j, i)}))
        assert cycle is not None and cycle[0] == cycle[-1]
        assert {ids[i], ids[j]} <= set(cycle)


def test_a_catalogue_without_a_route_to_stage_4_fails_the_ladder_rule() -> None:
    """Both qualities need a stage-1 -> stage-4 route."""
    short = chain("a", "b", "c")
    assert ladder_path(short, Target.DORSIFLEXION) is None
    with pytest.raises(CatalogueError) as raised:
        check_graph(short, file="my.toml")
    assert "no progression path from a stage-1 to a stage-4 exercise" in str(raised.value)
    assert str(raised.value).startswith("my.toml, field 'progressions': ")


def test_check_graph_names_the_exercise_and_field_of_the_first_problem() -> None:
    """The error says where to look: file, exercise, field."""
    broken = chain("a", "b", "c", "d")
    broken = Catalogue((*broken.exercises[:3], replace(broken["d"], regressions=("x",))))
    with pytest.raises(CatalogueError) as raised:
        check_graph(broken, file="mine.toml")
    error = raised.value
    assert (error.file, error.exercise_id, error.field) == ("mine.toml", "d", "regressions")


def test_custom_links_gain_their_other_half() -> None:
    """A custom entry lists its neighbours once; the neighbours gain the reverse link."""
    base = chain("a", "b", "c", "d")
    custom = entry("extra", 2, regressions=("a",), progressions=("c",))
    linked = Catalogue(with_inverse_links((*base.exercises, custom), ["extra"]))
    assert linked["a"].progressions == ("b", "extra")
    assert linked["c"].regressions == ("b", "extra")
    assert graph_problems(linked) == []


def test_chains_follow_the_first_listed_link() -> None:
    """`show` prints the main route: first-listed regression or progression each time."""
    ladder = chain("a", "b", "c", "d")
    assert progression_chain(ladder, "a") == ("b", "c", "d")
    assert regression_chain(ladder, "d") == ("c", "b", "a")
    assert progression_chain(ladder, "d") == ()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"cues": ("one", "two")}, "cues", "2 cues given; expected 3 to 5 cues"),
        ({"id": "Calf Raise"}, "id", "not a valid id"),
        ({"targets": ()}, "targets", "at least one target"),
        ({"progressions": ("x",), "regressions": ("x",)}, "progressions", "also listed"),
        ({"regressions": ("a",)}, "regressions", "cannot link to itself"),
        ({"minutes": 0}, "minutes", "0 is out of range; expected 1 to 60 minutes"),
        ({"sources": ()}, "sources", "at least one source"),
        ({"contraindications": ()}, "contraindications", "expected 'loading-lock'"),
        (
            {"dosing": (Dosing(stage=Stage(2), sets=2, reps=10),)},
            "dosing",
            "own stage 1",
        ),
        (
            {"stage": Stage(2), "dosing": (Dosing(stage=Stage(1), sets=2, reps=10),
                                           Dosing(stage=Stage(2), sets=2, reps=10))},
            "dosing[stage=1].stage",
            "below the exercise's stage 2",
        ),
        (
            {"dosing": (Dosing(stage=Stage(1), sets=2, reps=12, reps_max=10),)},
            "dosing[stage=1].reps_max",
            "must be at least reps",
        ),
        (
            {"dosing": (Dosing(stage=Stage(1), sets=2, reps=10, tempo="slow"),)},
            "dosing[stage=1].tempo",
            "'slow' is not a tempo",
        ),
        (
            {"dosing": (Dosing(stage=Stage(1), sets=2),)},
            "dosing[stage=1].reps",
            "expected reps, hold_s or distance_m",
        ),
        (
            {"dosing": (Dosing(stage=Stage(1), sets=11, reps=10),)},
            "dosing[stage=1].sets",
            "11 is out of range; expected 1 to 10 sets",
        ),
        (
            {"dosing": (Dosing(stage=Stage(1), sets=3, reps=10,
                               weeks=(WeekStep(1, 2, 3, 15), WeekStep(4, 5, 3, 12))),)},
            "dosing[stage=1].weeks[2].first_week",
            "expected week 3",
        ),
        ({"category": Category.TEST}, "instructions", "a test needs full instructions"),
    ],
)  # fmt: skip
def test_each_entry_rule_names_its_field(changes: EntryOptions, field: str, fragment: str) -> None:
    """Every broken rule of one entry is reported against the field to fix."""
    problems = exercise_problems(entry("a", **changes))
    assert any(name == field and fragment in text for name, text in problems), problems


def test_a_sound_entry_has_no_problems() -> None:
    """The helper entry itself follows every rule."""
    assert exercise_problems(entry("a")) == []
