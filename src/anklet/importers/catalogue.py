"""Catalogue TOML files -> a checked `Catalogue`: the built-in files, plus an optional user file.

Every entry is checked field by field; the first broken one stops loading with a message that
names the file, the exercise id and the field. The built-in catalogue is read once per process.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Mapping
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from anklet.domain.athlete import Equipment
from anklet.domain.exercise_checks import check_id, exercise_problems
from anklet.domain.exercise_graph import check_graph, with_inverse_links
from anklet.domain.exercises import (
    DOSE_EVIDENCE,
    LOADING_LOCK,
    Catalogue,
    CatalogueError,
    Category,
    Contraindication,
    ContraindicationKind,
    Dosing,
    Exercise,
    Gate,
    GateMetric,
    Knee,
    Stage,
    Target,
    WeekStep,
)

BUILTIN_PACKAGE = "anklet.data"
BUILTIN_FOLDER = "exercises"
BUILTIN_ORIGIN = "built-in"

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

EXERCISE_KEYS = {
    "id", "name", "aliases", "category", "stage", "targets", "summary", "muscles", "equipment",
    "per_side", "knee", "minutes", "instructions", "cues", "faults", "dosing", "regressions",
    "progressions", "gates", "contraindications", "sources", "notes", "overrides",
}  # fmt: skip
REQUIRED_KEYS = ("id", "name", "category", "stage", "targets", "summary", "cues", "dosing",
                 "sources")  # fmt: skip
DOSING_KEYS = {
    "stage", "sets", "reps", "reps_max", "hold_s", "hold_s_max", "distance_m", "tempo",
    "rest_s", "load", "sessions_per_week", "weeks", "note", "evidence",
}  # fmt: skip
WEEK_KEYS = {"first_week", "last_week", "sets", "reps", "note"}
GATE_KEYS = {"metric", "threshold", "note"}
CONTRAINDICATION_KEYS = {"kind", "threshold", "note"}


def load_catalogue(user_file: Path | None = None) -> Catalogue:
    """The built-in catalogue, merged with `user_file` when one is given."""
    builtin = builtin_catalogue()
    if user_file is None:
        return builtin
    return merge_catalogue(builtin, read_user_file(user_file), file=str(user_file))


@lru_cache(maxsize=1)
def builtin_catalogue() -> Catalogue:
    folder = resources.files(BUILTIN_PACKAGE).joinpath(BUILTIN_FOLDER)
    exercises: list[Exercise] = []
    seen: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".toml"):
            continue
        file = f"{BUILTIN_FOLDER}/{item.name}"
        for exercise in parse_document(item.read_text(encoding="utf-8"), file=file):
            if exercise.id in seen:
                raise CatalogueError(
                    f"the id is already used in {seen[exercise.id]}",
                    file=file,
                    exercise_id=exercise.id,
                    field="id",
                )
            seen[exercise.id] = file
            exercises.append(exercise)
    return check_graph(Catalogue(tuple(exercises)), file=f"{BUILTIN_FOLDER}/*.toml")


def read_user_file(path: Path) -> list[Exercise]:
    """A custom catalogue, read up to one byte past MAX_FILE_BYTES (enough to refuse it: a
    device such as /dev/zero is never read whole)."""
    from anklet.domain.limits import MAX_FILE_BYTES

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise CatalogueError(f"larger than {MAX_FILE_BYTES} bytes", file=str(path))
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise CatalogueError("file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"cannot be read ({error})", file=str(path)) from None
    return parse_document(text, file=str(path), origin=str(path))


def merge_catalogue(builtin: Catalogue, entries: list[Exercise], *, file: str) -> Catalogue:
    """Add custom entries; an id that clashes with a built-in must say `overrides = true`."""
    merged = {exercise.id: exercise for exercise in builtin}
    for exercise in entries:
        if exercise.id in builtin and not exercise.overrides:
            raise CatalogueError(
                "a built-in exercise already has this id; choose another id, or add "
                "'overrides = true' to replace the built-in",
                file=file,
                exercise_id=exercise.id,
                field="id",
            )
        if exercise.overrides and exercise.id not in builtin:
            raise CatalogueError(
                "'overrides = true' but no built-in exercise has this id",
                file=file,
                exercise_id=exercise.id,
                field="overrides",
            )
        merged[exercise.id] = exercise
    linked = with_inverse_links(merged.values(), [exercise.id for exercise in entries])
    return check_graph(Catalogue(linked), file=file)


def parse_document(text: str, *, file: str, origin: str = BUILTIN_ORIGIN) -> list[Exercise]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"not valid TOML: {error}", file=file) from None
    unknown = sorted(set(document) - {"exercise"})
    if unknown:
        raise CatalogueError(
            f"unknown top-level key {unknown[0]!r}; entries go in [[exercise]] tables", file=file
        )
    raw_entries = document.get("exercise", [])
    if not isinstance(raw_entries, list) or not all(isinstance(e, dict) for e in raw_entries):
        raise CatalogueError("'exercise' must be an array of tables: [[exercise]]", file=file)
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries, start=1):
        exercise = parse_exercise(raw, file=file, origin=origin, position=index)
        if exercise.id in seen:
            raise CatalogueError(
                "the id is used twice in this file", file=file, exercise_id=exercise.id, field="id"
            )
        seen.add(exercise.id)
        exercises.append(exercise)
    return exercises


def parse_exercise(
    raw: Mapping[str, Any], *, file: str, origin: str = BUILTIN_ORIGIN, position: int = 1
) -> Exercise:
    """One [[exercise]] table -> an Exercise, or a CatalogueError naming file, id and field."""
    raw_id = raw.get("id")
    exercise_id = raw_id if isinstance(raw_id, str) else f"#{position}"
    reader = _Reader(file, exercise_id)
    reader.unknown_keys(raw, EXERCISE_KEYS, "")
    for key in REQUIRED_KEYS:
        if key not in raw:
            reader.fail(key, "this field is required")
    id_problem = check_id(reader.text(raw, "id"))
    if id_problem:
        reader.fail("id", id_problem)
    contraindications = tuple(
        _contraindication(reader, item, f"contraindications[{index}]")
        for index, item in enumerate(reader.tables(raw, "contraindications"), start=1)
    )
    if LOADING_LOCK.kind not in {item.kind for item in contraindications}:
        # A red-flag answer stops every exercise; a file cannot opt out of that.
        contraindications = (LOADING_LOCK, *contraindications)
    exercise = Exercise(
        id=exercise_id,
        name=reader.text(raw, "name"),
        category=reader.choice(raw, "category", Category),
        stage=reader.stage(raw, "stage"),
        targets=tuple(reader.choices(raw, "targets", Target)),
        summary=reader.text(raw, "summary"),
        cues=reader.texts(raw, "cues"),
        dosing=tuple(
            _dosing(reader, item, f"dosing[{index}]")
            for index, item in enumerate(reader.tables(raw, "dosing"), start=1)
        ),
        sources=reader.texts(raw, "sources"),
        aliases=reader.texts(raw, "aliases"),
        muscles=reader.texts(raw, "muscles"),
        equipment=tuple(reader.choices(raw, "equipment", Equipment)),
        per_side=reader.flag(raw, "per_side"),
        knee=reader.choice(raw, "knee", Knee) if "knee" in raw else None,
        minutes=reader.whole(raw, "minutes") if "minutes" in raw else 5,
        instructions=reader.texts(raw, "instructions"),
        faults=reader.texts(raw, "faults"),
        regressions=reader.texts(raw, "regressions"),
        progressions=reader.texts(raw, "progressions"),
        gates=tuple(
            Gate(
                metric=reader.choice(item, "metric", GateMetric, f"gates[{index}]."),
                threshold=reader.number(item, "threshold", f"gates[{index}]."),
                note=reader.text(item, "note", f"gates[{index}].", default=""),
            )
            for index, item in enumerate(reader.tables(raw, "gates", GATE_KEYS), start=1)
        ),
        contraindications=contraindications,
        notes=reader.texts(raw, "notes"),
        overrides=reader.flag(raw, "overrides"),
        origin=origin,
    )
    for field, problem in exercise_problems(exercise):
        reader.fail(field, problem)
    return exercise


def _dosing(reader: _Reader, raw: Mapping[str, Any], where: str) -> Dosing:
    prefix = f"{where}."
    reader.unknown_keys(raw, DOSING_KEYS, prefix)
    optional = {
        key: reader.whole(raw, key, prefix)
        for key in ("reps", "reps_max", "hold_s", "hold_s_max", "distance_m")
        if key in raw
    }
    return Dosing(
        stage=reader.stage(raw, "stage", prefix),
        sets=reader.whole(raw, "sets", prefix),
        tempo=reader.text(raw, "tempo", prefix) if "tempo" in raw else None,
        rest_s=reader.whole(raw, "rest_s", prefix) if "rest_s" in raw else 60,
        load=reader.text(raw, "load", prefix, default="body weight"),
        sessions_per_week=(
            reader.whole(raw, "sessions_per_week", prefix) if "sessions_per_week" in raw else 3
        ),
        weeks=tuple(
            WeekStep(
                first_week=reader.whole(step, "first_week", f"{prefix}weeks[{index}]."),
                last_week=reader.whole(step, "last_week", f"{prefix}weeks[{index}]."),
                sets=reader.whole(step, "sets", f"{prefix}weeks[{index}]."),
                reps=reader.whole(step, "reps", f"{prefix}weeks[{index}]."),
                note=reader.text(step, "note", f"{prefix}weeks[{index}].", default=""),
            )
            for index, step in enumerate(reader.tables(raw, "weeks", WEEK_KEYS, prefix), 1)
        ),
        note=reader.text(raw, "note", prefix, default=""),
        evidence=reader.evidence(raw, "evidence", prefix) if "evidence" in raw else None,
        **optional,
    )


def _contraindication(reader: _Reader, raw: Mapping[str, Any], where: str) -> Contraindication:
    prefix = f"{where}."
    reader.unknown_keys(raw, CONTRAINDICATION_KEYS, prefix)
    return Contraindication(
        kind=reader.choice(raw, "kind", ContraindicationKind, prefix),
        threshold=reader.whole(raw, "threshold", prefix) if "threshold" in raw else None,
        note=reader.text(raw, "note", prefix, default=""),
    )


class _Reader:
    """Typed access to raw TOML values; every failure names file, exercise and field."""

    _MISSING = object()

    def __init__(self, file: str, exercise_id: str) -> None:
        self.file = file
        self.exercise_id = exercise_id

    def fail(self, field: str, problem: str) -> NoReturn:
        raise CatalogueError(problem, file=self.file, exercise_id=self.exercise_id, field=field)

    def unknown_keys(self, raw: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in sorted(set(raw) - allowed):
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = (
                f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(sorted(allowed))}"
            )
            self.fail(f"{prefix}{key}", f"unknown field; {hint}")

    def _get(self, raw: Mapping[str, Any], key: str, prefix: str, default: object) -> Any:
        if key in raw:
            return raw[key]
        if default is self._MISSING:
            self.fail(f"{prefix}{key}", "this field is required")
        return default

    def _typed(
        self,
        raw: Mapping[str, Any],
        key: str,
        prefix: str,
        *,
        check: Callable[[Any], bool],
        expected: str,
        default: object = _MISSING,
    ) -> Any:
        value = self._get(raw, key, prefix, default)
        if value is not default and not check(value):
            self.fail(f"{prefix}{key}", f"{value!r} is not allowed; expected {expected}")
        return value

    def text(
        self, raw: Mapping[str, Any], key: str, prefix: str = "", *, default: object = _MISSING
    ) -> str:
        value: str = self._typed(
            raw, key, prefix, check=lambda v: isinstance(v, str), expected="a text", default=default
        )
        return value.strip()

    def texts(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        def is_texts(value: Any) -> bool:
            return isinstance(value, list) and all(isinstance(item, str) for item in value)

        values: list[str] = self._typed(
            raw, key, "", check=is_texts, expected="a list of texts", default=[]
        )
        return tuple(value.strip() for value in values)

    def whole(self, raw: Mapping[str, Any], key: str, prefix: str = "") -> int:
        def is_whole(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool)

        number: int = self._typed(raw, key, prefix, check=is_whole, expected="a whole number")
        return number

    def number(self, raw: Mapping[str, Any], key: str, prefix: str = "") -> float:
        def is_number(value: Any) -> bool:
            return isinstance(value, int | float) and not isinstance(value, bool)

        number: float = self._typed(raw, key, prefix, check=is_number, expected="a number")
        return number

    def flag(self, raw: Mapping[str, Any], key: str) -> bool:
        value: bool = self._typed(
            raw,
            key,
            "",
            check=lambda v: isinstance(v, bool),
            expected="true or false",
            default=False,
        )
        return value

    def evidence(self, raw: Mapping[str, Any], key: str, prefix: str = "") -> str:
        label: str = self._typed(
            raw,
            key,
            prefix,
            check=lambda v: isinstance(v, str) and v in DOSE_EVIDENCE,
            expected="an evidence label: V, S, D or U",
        )
        return label

    def stage(self, raw: Mapping[str, Any], key: str, prefix: str = "") -> Stage:
        def is_stage(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4

        value = self._typed(raw, key, prefix, check=is_stage, expected="a stage: 1, 2, 3 or 4")
        return Stage(value)

    def choice(self, raw: Mapping[str, Any], key: str, kind: type[E], prefix: str = "") -> E:
        return self._member(self._get(raw, key, prefix, self._MISSING), f"{prefix}{key}", kind)

    def choices(self, raw: Mapping[str, Any], key: str, kind: type[E]) -> list[E]:
        values = self._typed(
            raw, key, "", check=lambda v: isinstance(v, list), expected="a list", default=[]
        )
        return [self._member(value, key, kind) for value in values]

    def _member(self, value: object, field: str, kind: type[E]) -> E:
        for member in kind:
            if member.value == value:
                return member
        allowed = ", ".join(str(member.value) for member in kind)
        self.fail(field, f"{value!r} is not allowed; expected one of {allowed}")

    def tables(
        self, raw: Mapping[str, Any], key: str, allowed: set[str] | None = None, prefix: str = ""
    ) -> list[Mapping[str, Any]]:
        def is_tables(value: Any) -> bool:
            return isinstance(value, list) and all(isinstance(item, dict) for item in value)

        tables: list[Mapping[str, Any]] = self._typed(
            raw,
            key,
            prefix,
            check=is_tables,
            expected="a list of tables ([[...]] or [{...}])",
            default=[],
        )
        if allowed is not None:
            for index, table in enumerate(tables, start=1):
                self.unknown_keys(table, allowed, f"{prefix}{key}[{index}].")
        return tables
