"""data/heel_raise_norms.toml -> the domain's HeelRaiseNorms, validated on load."""

from __future__ import annotations

import itertools
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from anklet.domain.athlete import Sex
from anklet.domain.errors import AnkletError
from anklet.domain.norms import HeelRaiseNormRow, HeelRaiseNorms

NORMS_FILE = "heel_raise_norms.toml"


class NormsFileError(AnkletError):
    pass


@lru_cache(maxsize=1)
def load_heel_raise_norms() -> HeelRaiseNorms:
    text = resources.files("anklet.data").joinpath(NORMS_FILE).read_text(encoding="utf-8")
    return parse_heel_raise_norms(tomllib.loads(text), NORMS_FILE)


def parse_heel_raise_norms(document: dict[str, Any], name: str) -> HeelRaiseNorms:
    try:
        fallback = document["fallback"]
        rows = tuple(
            HeelRaiseNormRow(int(row["ages"][0]), int(row["ages"][1]), sex, float(row[sex.value]))
            for row in document["row"]
            for sex in (Sex.MALE, Sex.FEMALE)
        )
        norms = HeelRaiseNorms(
            rows=rows,
            by_sex={Sex.MALE: float(fallback["male"]), Sex.FEMALE: float(fallback["female"])},
            overall_reps=float(fallback["overall"]),
            source=str(document["source"]),
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise NormsFileError(f"{name}: malformed norm table ({error!r})") from None
    _check_rows(rows, name)
    return norms


def _check_rows(rows: tuple[HeelRaiseNormRow, ...], name: str) -> None:
    for sex in (Sex.MALE, Sex.FEMALE):
        spans = sorted((row.age_min_y, row.age_max_y) for row in rows if row.sex is sex)
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start != end + 1:
                raise NormsFileError(f"{name}: age groups for {sex.value} overlap or leave a gap")
    for row in rows:
        if not 0 < row.median_reps <= 150:
            raise NormsFileError(f"{name}: median {row.median_reps} is outside 0 to 150 reps")
