"""The phone as an inclinometer on the lunge test: what its reading is worth, and when a
reading is steady enough to record.

Held flat against the front of the shin, a phone's orientation sensor gives the tibia's
angle from vertical, the angle form of the knee-to-wall lunge (Bennell 1998). Against 2-D
video a phone app agreed within about -1.8° to +1.5°, and between two people measuring the
smallest real change was about 4.6° (Angle Meter 2025) [V]. The reading is an angle with
device `phone` and its placement, compared only with angles taken the same way, never with
centimetres (Hall & Docherty 2017).
"""

from __future__ import annotations

from anklet.domain.assessment import LungePlacement

# Limits of agreement of a phone app against 2-D video, in degrees (Angle Meter 2025) [V].
AGREEMENT_LOW_DEG = -1.8
AGREEMENT_HIGH_DEG = 1.5
# The smallest real change between raters, MDC95 4.57° (Angle Meter 2025) [V].
MDC_DEG = 4.6
# A reading is recorded once it has stayed within STEADY_SPREAD_DEG for STEADY_S seconds:
# a spread well inside the limits of agreement, held long enough that the lunge is at its
# end position, not on its way there. Our own choice of steadiness [U], easy to change.
STEADY_SPREAD_DEG = 1.0
STEADY_S = 2.0
# Where a phone held flat against the front of the shin can sit: the two tibial sites of
# the lunge's angle form (the posterior heel is a placement for a level app's edge).
PHONE_PLACEMENTS = (LungePlacement.TUBEROSITY, LungePlacement.BELOW_TUBEROSITY_15_CM)


def accuracy_text() -> str:
    """What the page says beside the reading."""
    return (
        f"A phone app against video agreed within about {AGREEMENT_LOW_DEG:+.1f}° to "
        f"{AGREEMENT_HIGH_DEG:+.1f}°, and between two people measuring, a change smaller than "
        f"about {MDC_DEG:.1f}° may be noise (Angle Meter 2025)."
    ).replace("-", "−")
