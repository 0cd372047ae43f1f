"""What the lunge page says a phone reading is worth, with its source, and where the phone
may sit (the two shin sites of the angle form, never the heel)."""

from __future__ import annotations

from anklet.domain.assessment import LungePlacement
from anklet.domain.phone_inclinometer import (
    AGREEMENT_HIGH_DEG,
    AGREEMENT_LOW_DEG,
    MDC_DEG,
    PHONE_PLACEMENTS,
    STEADY_SPREAD_DEG,
    accuracy_text,
)
from anklet.importers.bibliography import load_bibliography


def test_the_accuracy_names_the_limits_of_agreement_the_mdc_and_a_known_source() -> None:
    text = accuracy_text()
    assert "−1.8° to +1.5°" in text and "4.6°" in text
    cited = [c.source.id for c in load_bibliography().find_citations(text) if c.source]
    assert cited == ["angle-meter-2025"]


def test_a_steady_reading_is_steadier_than_the_method_agrees() -> None:
    assert STEADY_SPREAD_DEG < AGREEMENT_HIGH_DEG - AGREEMENT_LOW_DEG < MDC_DEG


def test_the_phone_sits_on_the_shin() -> None:
    assert LungePlacement.POSTERIOR_HEEL not in PHONE_PLACEMENTS
    assert set(PHONE_PLACEMENTS) == {
        LungePlacement.TUBEROSITY,
        LungePlacement.BELOW_TUBEROSITY_15_CM,
    }
