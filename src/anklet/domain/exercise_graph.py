"""The progression graph: which exercise is the next harder (or easier) step from which.

An edge A -> B in `A.progressions` means B is a harder step; the same edge must appear as A in
`B.regressions`. The plan generator walks these edges, so the graph must have no dangling ids,
no cycles, no step down in stage along a progression, and a route from stage 1 to stage 4 for
both dorsiflexion and plantarflexion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace

from anklet.domain.exercises import Catalogue, CatalogueError, Exercise, Stage, Target

# Every catalogue must lead from range-of-motion work to reactive work for these qualities.
LADDER_TARGETS = (Target.DORSIFLEXION, Target.PLANTARFLEXION)

Problem = tuple[str, str, str]  # exercise id, field, problem


def dangling_links(catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    for exercise in catalogue:
        for name in ("regressions", "progressions"):
            for link in getattr(exercise, name):
                if link not in catalogue:
                    problems.append((exercise.id, name, _unknown(link, catalogue.ids)))
    return problems


def _unknown(link: str, ids: Iterable[str]) -> str:
    close = difflib.get_close_matches(link, list(ids), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{link!r} is not in the catalogue{hint}"


def inverse_mismatches(catalogue: Catalogue) -> list[Problem]:
    """A listed as a regression of B must list B as a progression, and the other way round."""
    problems: list[Problem] = []
    for exercise in catalogue:
        for link in exercise.regressions:
            easier = catalogue.get(link)
            if easier is not None and exercise.id not in easier.progressions:
                problems.append(
                    (
                        exercise.id,
                        "regressions",
                        f"{link!r} does not list {exercise.id!r} among its progressions",
                    )
                )
        for link in exercise.progressions:
            harder = catalogue.get(link)
            if harder is not None and exercise.id not in harder.regressions:
                problems.append(
                    (
                        exercise.id,
                        "progressions",
                        f"{link!r} does not list {exercise.id!r} among its regressions",
                    )
                )
    return problems


def stage_order_problems(catalogue: Catalogue) -> list[Problem]:
    """A progression never goes down the stage ladder."""
    problems: list[Problem] = []
    for exercise in catalogue:
        for link in exercise.progressions:
            harder = catalogue.get(link)
            if harder is not None and harder.stage < exercise.stage:
                problems.append(
                    (
                        exercise.id,
                        "progressions",
                        f"{link!r} is stage {int(harder.stage)}, "
                        f"below this exercise's stage {int(exercise.stage)}",
                    )
                )
    return problems


def progression_cycle(catalogue: Catalogue) -> tuple[str, ...] | None:
    """A cycle along progressions as the ids walked (first id repeated at the end), or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(catalogue.ids, white)
    for start in catalogue.ids:
        if colour[start] != white:
            continue
        path = [start]
        stack = [iter(_next_ids(catalogue, start))]
        colour[start] = grey
        while stack:
            step = next(stack[-1], None)
            if step is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour[step] == grey:
                return (*path[path.index(step) :], step)
            elif colour[step] == white:
                colour[step] = grey
                path.append(step)
                stack.append(iter(_next_ids(catalogue, step)))
    return None


def _next_ids(catalogue: Catalogue, exercise_id: str) -> list[str]:
    return [link for link in catalogue[exercise_id].progressions if link in catalogue]


def ladder_path(catalogue: Catalogue, target: Target) -> tuple[str, ...] | None:
    """The shortest progression path from a stage-1 to a stage-4 entry, all training `target`."""
    on_target = {e.id for e in catalogue if target in e.targets}
    starts = [e.id for e in catalogue if e.id in on_target and e.stage is Stage.RANGE_OF_MOTION]
    came_from: dict[str, str | None] = dict.fromkeys(starts)
    queue = list(starts)
    while queue:
        current = queue.pop(0)
        if catalogue[current].stage is Stage.REACTIVE:
            path = [current]
            while (before := came_from[path[-1]]) is not None:
                path.append(before)
            return tuple(reversed(path))
        for step in _next_ids(catalogue, current):
            if step in on_target and step not in came_from:
                came_from[step] = current
                queue.append(step)
    return None


def graph_problems(catalogue: Catalogue) -> list[Problem]:
    """Every graph rule the catalogue breaks, most basic first."""
    problems = dangling_links(catalogue) + inverse_mismatches(catalogue)
    problems += stage_order_problems(catalogue)
    cycle = progression_cycle(catalogue)
    if cycle:
        problems.append(
            (cycle[0], "progressions", "cycle along progressions: " + " -> ".join(cycle))
        )
    for target in LADDER_TARGETS:
        if ladder_path(catalogue, target) is None:
            problems.append(
                (
                    "",
                    "progressions",
                    f"no progression path from a stage-1 to a "
                    f"stage-4 exercise that all train {target.value}",
                )
            )
    return problems


def check_graph(catalogue: Catalogue, *, file: str = "") -> Catalogue:
    """The catalogue itself if its graph is sound; else a CatalogueError for the first problem."""
    problems = graph_problems(catalogue)
    if problems:
        exercise_id, field, problem = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise CatalogueError(problem + more, file=file, exercise_id=exercise_id, field=field)
    return catalogue


def with_inverse_links(exercises: Iterable[Exercise], ids: Iterable[str]) -> tuple[Exercise, ...]:
    """Add the missing other half of every link that touches one of `ids`.

    A custom exercise names its neighbours once; the built-in neighbours gain the reverse link.
    """
    chosen = set(ids)
    entries = {exercise.id: exercise for exercise in exercises}
    additions: dict[str, dict[str, list[str]]] = {}
    for exercise in entries.values():
        for name, inverse in (("progressions", "regressions"), ("regressions", "progressions")):
            for link in getattr(exercise, name):
                other = entries.get(link)
                if other is None or not {exercise.id, link} & chosen:
                    continue
                if exercise.id not in getattr(other, inverse):
                    pending = additions.setdefault(link, {}).setdefault(inverse, [])
                    if exercise.id not in pending:
                        pending.append(exercise.id)
    for exercise_id, fields in additions.items():
        current = entries[exercise_id]
        entries[exercise_id] = replace(
            current,
            progressions=(*current.progressions, *fields.get("progressions", [])),
            regressions=(*current.regressions, *fields.get("regressions", [])),
        )
    return tuple(entries.values())


def regression_chain(catalogue: Catalogue, exercise_id: str) -> tuple[str, ...]:
    """Easier steps, nearest first, following the first-listed (main) regression each time."""
    return _chain(catalogue, exercise_id, "regressions")


def progression_chain(catalogue: Catalogue, exercise_id: str) -> tuple[str, ...]:
    """Harder steps, nearest first, following the first-listed (main) progression each time."""
    return _chain(catalogue, exercise_id, "progressions")


def _chain(catalogue: Catalogue, exercise_id: str, name: str) -> tuple[str, ...]:
    chain: list[str] = []
    seen = {exercise_id}
    current = catalogue[exercise_id]
    while True:
        links = [link for link in getattr(current, name) if link in catalogue]
        if not links or links[0] in seen:
            return tuple(chain)
        chain.append(links[0])
        seen.add(links[0])
        current = catalogue[links[0]]
