"""Thresholds and reference values, each with its source (data/bibliography.toml) and label.

[V] primary source seen, [S] secondary only, [D] derived, [U] unverified. A rule that uses an
[S], [D] or [U] number says so in the reason text the user reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from anklet.domain.athlete import Sex

# --- Knee-to-wall lunge: real change, bands, asymmetry ------------------------------------
# Real change: upper end of single-rater MDCs (Powden 2015; Konor 2012; Chisholm 2012) [D];
# home self-measurement uses the wider band [D].
LUNGE_REAL_CHANGE_CM = {"trained": 1.5, "self": 2.0}
LUNGE_REAL_CHANGE_DEG = {"trained": 4.5, "self": 5.0}

# Bands: anchored to Backman & Danielson 2011 (36.5°) and healthy norms (Hoch & McKeon 2011,
# 12.0 ± 2.8 cm; Calatayud 2015, 40.6 ± 5.2°) [D].
LUNGE_NORMAL_MIN_CM = 10.0
LUNGE_MILD_MIN_CM = 9.0
LUNGE_RESTRICTED_MIN_CM = 6.5
LUNGE_NORMAL_MIN_DEG = 36.5
LUNGE_MILD_MIN_DEG = 35.0
LUNGE_RESTRICTED_MIN_DEG = 30.0

# Asymmetry: 1.5 cm is the MDC of the left-right difference (Chisholm 2012) [V]; 2.0 cm or 5°
# or more than 10 % of the better side is meaningful (Hoch & McKeon 2011; Green 2022) [S/V/D].
ASYMMETRY_WATCH_CM = 1.5
ASYMMETRY_MEANINGFUL_CM = 2.0
ASYMMETRY_WATCH_DEG = 4.5
ASYMMETRY_MEANINGFUL_DEG = 5.0
ASYMMETRY_MEANINGFUL_FRACTION = 0.10

# From 60 y lower lunge values are expected (McBride 2026, abstract only) [V]; the age table
# itself was not seen [U], so older athletes get a note instead of an adjusted band [D].
LUNGE_AGE_NOTE_FROM_Y = 60
# The lunge norms are adult ones and the heel-raise table starts at 20 (Hébert-Losier 2017):
# under 20 a note says so [D].
ADULT_NORMS_FROM_Y = 20

# --- Single-leg heel raise: real change, norms, symmetry ---------------------------------
HEEL_RAISE_REAL_CHANGE_REPS = 6  # Ross & Fontenot 2000 MDC95 5.7; Hébert-Losier 2017 LoA ±6.2 [D]
HEEL_RAISE_REAL_CHANGE_WORK_FRACTION = 0.10  # [D]
HEEL_RAISE_BELOW_TYPICAL_REPS = 6  # more than the real-change threshold below the median [D]
LSI_FLAG_BELOW_PERCENT = 90.0  # "≤ 10 % asymmetry" convention (Green 2022) [V/S]
STANDARD_INCLINE_DEG = 10

# --- Pain during a test ------------------------------------------------------------------
# Pain above 5/10 is outside the Silbernagel 2007 ceiling [S] and is a moment to re-screen.
TEST_PAIN_CEILING = 5


@dataclass(frozen=True)
class HeelRaiseNormRow:
    age_min_y: int
    age_max_y: int
    sex: Sex
    median_reps: float


@dataclass(frozen=True)
class HeelRaiseReference:
    median_reps: float
    basis: str
    label: str  # evidence label of the number used: "S" or "V"


@dataclass(frozen=True)
class HeelRaiseNorms:
    """Median paced heel-raise reps by age and sex, and the fallbacks when either is unknown.

    Loaded from data/heel_raise_norms.toml so the table can be replaced by the original
    Hébert-Losier 2017 Table 4 or its regression without touching code.
    """

    rows: tuple[HeelRaiseNormRow, ...]
    by_sex: dict[Sex, float]
    overall_reps: float
    source: str

    def reference(self, *, sex: Sex, age_y: int | None) -> HeelRaiseReference:
        if age_y is not None:
            matches = [row for row in self.rows if row.age_min_y <= age_y <= row.age_max_y]
            known = [row for row in matches if row.sex is sex]
            if known:
                return HeelRaiseReference(
                    known[0].median_reps, f"{sex.value}, age {age_y}: {self.source}", "S"
                )
            if matches:
                mean = sum(row.median_reps for row in matches) / len(matches)
                return HeelRaiseReference(
                    round(mean, 1), f"age {age_y}, both sexes averaged: {self.source}", "D"
                )
        if sex in self.by_sex:
            return HeelRaiseReference(
                self.by_sex[sex], f"{sex.value}, age unknown: Hébert-Losier 2017 medians", "V"
            )
        return HeelRaiseReference(
            self.overall_reps,
            "age and sex unknown: Hébert-Losier 2017; Sleeswijk Visser 2025 medians",
            "V",
        )
