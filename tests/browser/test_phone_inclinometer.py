"""The phone as an inclinometer on the guided lunge test, its sensor faked by dispatching
deviceorientation events: the iOS permission is asked from the tap, a wobbling reading is
not recorded, a steady one is (the tibia's angle from vertical), the test becomes an angle
with device `phone` and its placement, a centimetre value typed before is cleared rather
than mixed, and the page states the method's accuracy with its source."""

from __future__ import annotations

from typing import Any

import pytest

from anklet.domain.assessment import LungeDevice, LungeMethod, LungePlacement
from anklet.services.athletes import add_athlete
from anklet.services.safety import record_screening
from tests.browser.conftest import Served

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
HANDLE = "tilt-runner"
# iOS asks before the first reading; headless chromium has no such prompt: record the ask.
IOS_PROMPT = """
window.__asked = 0;
DeviceOrientationEvent.requestPermission = () => {
  window.__asked += 1;
  return Promise.resolve("granted");
};
"""
# Readings every 100 ms for `ms`; beta = 90 + the shin's tilt, with a wobble of `wobble`.
SENSOR = """([tilt, wobble, ms]) => new Promise((resolve) => {
  const started = Date.now();
  let n = 0;
  const timer = setInterval(() => {
    const beta = 90 + tilt + (n++ % 2 ? wobble : -wobble);
    const reading = {alpha: 10, beta, gamma: 3};
    window.dispatchEvent(new DeviceOrientationEvent("deviceorientation", reading));
    if (Date.now() - started >= ms) { clearInterval(timer); resolve(n); }
  }, 100);
})"""


def test_the_phone_records_a_steady_shin_angle_as_an_angle_never_mixed_with_cm(
    browser: Any, served: Served
) -> None:
    from anklet.domain.athlete import Athlete

    anklet = served.anklet
    add_athlete(uow=anklet.uow(), athlete=Athlete(handle=HANDLE, name="Tilt"), clock=anklet.clock)
    record_screening(uow=anklet.uow(), handle=HANDLE, yes=[], clock=anklet.clock)

    context = browser.new_context(viewport=PHONE, base_url=served.url)
    context.add_init_script(IOS_PROMPT)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"/athletes/{HANDLE}/assess")
    assert page.is_visible("#inclinometer")
    accuracy = page.inner_text("#phone-accuracy")
    assert "−1.8° to +1.5°" in accuracy and "4.6°" in accuracy
    assert page.get_attribute("#phone-accuracy a.cite", "href") == "/sources#angle-meter-2025"

    # A distance typed first: measuring with the phone clears it, with a note.
    page.fill("#f-lunge_right", "9.5")
    page.check("#phone-at-15cm-below-tuberosity")
    page.click("#measure-left")
    page.wait_for_function("() => window.__asked === 1")
    # Moving: 3° of wobble is no reading.
    page.evaluate(SENSOR, [38, 1.5, 2600])
    assert page.input_value("#f-lunge_left") == ""
    assert "Hold still" in page.inner_text("#phone-reading")
    # Steady within a fraction of a degree for over two seconds: recorded.
    page.evaluate(SENSOR, [38, 0.2, 2600])
    page.wait_for_function("() => document.getElementById('f-lunge_left').value !== ''")
    assert page.input_value("#f-lunge_left") == "38"
    assert page.input_value("#f-lunge_right") == ""
    assert "9.5 cm" in page.inner_text("#phone-note")
    assert page.input_value("#f-lunge_method") == LungeMethod.ANGLE_DEG.value
    assert page.input_value("#f-lunge_device") == LungeDevice.PHONE.value
    assert page.input_value("#f-lunge_placement") == LungePlacement.BELOW_TUBEROSITY_15_CM.value
    assert page.inner_text("label[for='f-lunge_left']") == "Left: tibia angle (°)"
    assert page.is_disabled("#phone-at-tibial-tuberosity")

    page.click("#measure-right")
    page.evaluate(SENSOR, [41.4, 0.3, 2600])
    page.wait_for_function("() => document.getElementById('f-lunge_right').value !== ''")
    assert page.input_value("#f-lunge_right") == "41"
    page.wait_for_function("() => document.getElementById('announcer').textContent !== ''")
    assert page.inner_text("#announcer") == "Right: 41° recorded."

    # Sent as the form is: the stored test is an angle by phone at its placement.
    page.evaluate("() => document.getElementById('assess-form').requestSubmit()")
    page.wait_for_url(f"**/athletes/{HANDLE}/assess/result")
    with anklet.uow() as uow:
        athlete = uow.athletes.by_handle(HANDLE)
        assert athlete is not None and athlete.id is not None
        stored = uow.assessments.for_athlete(athlete.id)[-1]
    assert stored.lunge_method is LungeMethod.ANGLE_DEG
    assert stored.lunge_device is LungeDevice.PHONE
    assert stored.lunge_placement is LungePlacement.BELOW_TUBEROSITY_15_CM
    assert (stored.left.lunge, stored.right.lunge) == (38.0, 41.0)
    assert problems == []
    context.close()


def test_a_phone_without_the_sensor_says_so_and_the_tape_still_works(
    browser: Any, served: Served
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=served.url)
    page = context.new_page()
    page.goto(f"/athletes/{HANDLE}/assess")
    page.click("#measure-left")  # no permission to ask here: the events just never come
    page.wait_for_function(
        "() => document.getElementById('phone-reading').textContent.includes('no orientation')",
        timeout=6000,
    )
    assert page.input_value("#f-lunge_method") == LungeMethod.DISTANCE_CM.value
    context.close()
