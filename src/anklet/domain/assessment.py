"""The ankle assessment: knee-to-wall lunge and paced single-leg heel raise, per side.

Protocols follow Bennell 1998 (lunge) and Hébert-Losier 2017 (heel raise). The method of every
measurement is stored with it, because results taken with different methods must never be
compared (Hall & Docherty 2017; Green 2024).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from anklet.domain.errors import InvalidValue, Problems
from anklet.domain.units import (
    HEEL_HEIGHT_CM,
    HEEL_RAISE_REPS,
    LUNGE_ANGLE_DEG,
    LUNGE_DISTANCE_CM,
    PAIN_0_10,
    Range,
    Side,
    check_not_future,
)


class LungeMethod(StrEnum):
    DISTANCE_CM = "distance-cm"
    ANGLE_DEG = "angle-deg"

    @property
    def unit(self) -> str:
        return "cm" if self is LungeMethod.DISTANCE_CM else "°"

    @property
    def range(self) -> Range:
        return LUNGE_DISTANCE_CM if self is LungeMethod.DISTANCE_CM else LUNGE_ANGLE_DEG


class LungeDevice(StrEnum):
    TAPE = "tape"
    PHONE = "phone"
    INCLINOMETER = "inclinometer"
    GONIOMETER = "goniometer"


class LungePlacement(StrEnum):
    """Where an angle device sits on the leg: the same lunge reads 39.0° at the tibial
    tuberosity and 44.9° 15 cm below it (Hall & Docherty 2017), so angles are
    compared only within one placement. Bennell 1998 used the tuberosity and the 15 cm site;
    Banwell 2019 put the phone on the posterior heel."""

    TUBEROSITY = "tibial-tuberosity"
    BELOW_TUBEROSITY_15_CM = "15cm-below-tuberosity"
    POSTERIOR_HEEL = "posterior-heel"
    # Angles stored before the placement was asked: read back as unknown, never entered.
    UNKNOWN = "unknown"


class HeelRaiseProtocol(StrEnum):
    PACED_60BPM = "paced-60bpm"
    UNPACED = "unpaced"


class Rater(StrEnum):
    """Who measured: self-measurement at home gets the wider noise band (Powden 2015)."""

    SELF = "self"
    TRAINED = "trained"


ALLOWED_INCLINES_DEG = (0, 10)
STANCE_S = Range(0, 600, "s")
ANGLE_DEVICES = (LungeDevice.PHONE, LungeDevice.INCLINOMETER, LungeDevice.GONIOMETER)
PLACEMENTS = (
    LungePlacement.TUBEROSITY,
    LungePlacement.BELOW_TUBEROSITY_15_CM,
    LungePlacement.POSTERIOR_HEEL,
)
PLACEMENT_CHOICES = "tibial-tuberosity, 15cm-below-tuberosity or posterior-heel"


@dataclass(frozen=True)
class SideResult:
    """What one ankle did in one assessment; None means not tested."""

    lunge: float | None = None
    heel_raise_reps: int | None = None
    heel_height_cm: float | None = None
    pain: int | None = None
    # Seconds held on this leg alone, eyes open, on the surface used for hopping: the NSCA
    # balance pre-test before plyometrics (Potach & Chu 2016).
    single_leg_stance_s: float | None = None

    @property
    def heel_raise_work_cm(self) -> float | None:
        """Reps x heel height: counting reps alone overstates recovery (Silbernagel 2010)."""
        if self.heel_raise_reps is None or self.heel_height_cm is None:
            return None
        return self.heel_raise_reps * self.heel_height_cm


@dataclass(frozen=True)
class Assessment:
    taken_on: date
    left: SideResult = field(default_factory=SideResult)
    right: SideResult = field(default_factory=SideResult)
    lunge_method: LungeMethod = LungeMethod.DISTANCE_CM
    lunge_device: LungeDevice = LungeDevice.TAPE
    # Angles only (see LungePlacement); None for the tape distance.
    lunge_placement: LungePlacement | None = None
    rater: Rater = Rater.SELF
    heel_raise_protocol: HeelRaiseProtocol = HeelRaiseProtocol.PACED_60BPM
    incline_deg: int = 10
    id: int | None = None
    recorded_at: datetime | None = None

    def side(self, side: Side) -> SideResult:
        return self.left if side is Side.LEFT else self.right

    @property
    def has_lunge(self) -> bool:
        return self.left.lunge is not None or self.right.lunge is not None

    @property
    def has_stance(self) -> bool:
        return any(self.side(side).single_leg_stance_s is not None for side in Side)

    @property
    def has_heel_raise(self) -> bool:
        return self.left.heel_raise_reps is not None or self.right.heel_raise_reps is not None

    @property
    def lunge_key(self) -> tuple[str, ...]:
        """Lunges compare only within one method and, for angles, one device and one
        placement (Bennell 1998; Hall & Docherty 2017)."""
        if self.lunge_method is LungeMethod.DISTANCE_CM:
            return (self.lunge_method.value, "tape")
        placement = self.lunge_placement or LungePlacement.UNKNOWN
        return (self.lunge_method.value, self.lunge_device.value, placement.value)

    @property
    def lunge_placement_unknown(self) -> bool:
        return self.lunge_method is LungeMethod.ANGLE_DEG and self.lunge_placement in (
            None,
            LungePlacement.UNKNOWN,
        )

    def lunge_comparable_with(self, other: Assessment) -> bool:
        """Same method, device and placement. An angle whose placement was never recorded
        compares with nothing, not even another unknown one: the two may have been taken
        6° apart on the same ankle (Hall & Docherty 2017)."""
        return (
            self.lunge_key == other.lunge_key
            and not self.lunge_placement_unknown
            and not other.lunge_placement_unknown
        )

    # A one-sided re-test is labelled as such, never read as a result for both ankles.
    @property
    def lunge_only_side(self) -> Side | None:
        return _only([side for side in Side if self.side(side).lunge is not None])

    @property
    def heel_raise_only_side(self) -> Side | None:
        return _only([side for side in Side if self.side(side).heel_raise_reps is not None])

    @property
    def heel_raise_key(self) -> tuple[str, int]:
        """Heel raises compare only within one protocol and incline (Green 2024)."""
        return (self.heel_raise_protocol.value, self.incline_deg)


def parse_placement(field: str, text: str | None) -> LungePlacement | None:
    """A placement typed by the user: one of the three sites ("unknown" is only read back
    for old angles), or None when left out."""
    if text is None or not text.strip():
        return None
    for placement in PLACEMENTS:
        if placement.value == text.strip():
            return placement
    raise InvalidValue(field, text, PLACEMENT_CHOICES)


def _only(sides: list[Side]) -> Side | None:
    return sides[0] if len(sides) == 1 else None


def validate_assessment(assessment: Assessment, today: date) -> Assessment:
    """Check every value from outside against its named range; every bad one is reported
    at once (InvalidValues)."""
    problems = Problems()
    problems.check(lambda: check_not_future("date", assessment.taken_on, today), today)
    if assessment.incline_deg not in ALLOWED_INCLINES_DEG:
        problems.add(InvalidValue("incline_deg", assessment.incline_deg, "0 or 10 degrees"))
    problems.check(lambda: _check_device(assessment), None)
    for side in Side:
        _check_side(problems, side, assessment.side(side), assessment.lunge_method)
    problems.check(lambda: _check_placement(assessment), None)
    if not (assessment.has_lunge or assessment.has_heel_raise or assessment.has_stance):
        problems.add(
            InvalidValue(
                "assessment",
                "no values",
                "at least one lunge, heel-raise or single-leg stance result for one side",
            )
        )
    problems.raise_if_any()
    return assessment


def _check_device(assessment: Assessment) -> None:
    if assessment.lunge_method is LungeMethod.DISTANCE_CM:
        if assessment.lunge_device is not LungeDevice.TAPE:
            raise InvalidValue(
                "lunge_device", assessment.lunge_device.value, "tape for the distance method"
            )
    elif assessment.lunge_device not in ANGLE_DEVICES:
        raise InvalidValue(
            "lunge_device",
            assessment.lunge_device.value,
            "phone, inclinometer or goniometer for the angle method",
        )


def _check_placement(assessment: Assessment) -> None:
    """A measured angle names where the device sat; a tape distance has no placement."""
    placement = assessment.lunge_placement
    if assessment.lunge_method is LungeMethod.DISTANCE_CM:
        if placement is not None:
            raise InvalidValue(
                "lunge_placement", placement.value, "no placement for the distance method (tape)"
            )
    elif assessment.has_lunge and placement not in PLACEMENTS:
        raise InvalidValue(
            "lunge_placement",
            placement.value if placement else None,
            f"{PLACEMENT_CHOICES} for the angle method",
        )


def _check_side(problems: Problems, side: Side, result: SideResult, method: LungeMethod) -> None:
    name = side.value
    if result.lunge is not None:
        lunge = result.lunge
        problems.check(lambda: method.range.check(f"lunge_{name}", lunge), 0.0)
    if result.heel_raise_reps is not None:
        reps = result.heel_raise_reps
        problems.check(lambda: HEEL_RAISE_REPS.check_int(f"heel_raise_{name}", reps), 0)
    if result.heel_height_cm is not None:
        height_cm = result.heel_height_cm
        problems.check(lambda: HEEL_HEIGHT_CM.check(f"heel_height_{name}", height_cm), 0.0)
        if result.heel_raise_reps is None:
            problems.add(
                InvalidValue(f"heel_height_{name}", height_cm, f"only with heel_raise_{name}")
            )
    if result.pain is not None:
        pain = result.pain
        problems.check(lambda: PAIN_0_10.check_int(f"pain_{name}", pain), 0)
    if result.single_leg_stance_s is not None:
        stance_s = result.single_leg_stance_s
        problems.check(lambda: STANCE_S.check(f"stance_{name}", stance_s), 0.0)
