// "Measure with this phone" on the lunge test: the phone, flat against the front of the shin,
// reads the tibia's angle from vertical from its orientation sensor (the DeviceOrientation
// API; iOS asks the user's permission first). A reading is recorded once it has stayed
// within the page's steady spread for its steady time. The test is then an angle with
// device "phone" and the placement chosen: a centimetre value already typed is cleared,
// never mixed with degrees.
(function () {
  "use strict";
  var NO_READINGS_MS = 3000; // no event in this long: this device has no such sensor

  // The angle of the phone's long axis from vertical. With the W3C angles the long axis
  // points up by sin(beta) whatever alpha and gamma are, so the tilt is acos(sin(beta)).
  function tibiaAngle(beta) {
    var radians = (beta * Math.PI) / 180;
    return (Math.acos(Math.max(-1, Math.min(1, Math.sin(radians)))) * 180) / Math.PI;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-inclinometer]");
    var form = panel && panel.closest("form");
    if (!panel || !form || !("DeviceOrientationEvent" in window)) return;
    panel.hidden = false;
    var steadyMs = Number(panel.dataset.steadyMs);
    var spread = Number(panel.dataset.steadySpread);
    var lowest = Number(panel.dataset.min);
    var highest = Number(panel.dataset.max);
    var out = panel.querySelector("[data-angle]");
    var state = panel.querySelector("[data-phone-state]");
    var note = panel.querySelector("[data-phone-note]");
    var reset = panel.querySelector("[data-measure-reset]");
    var measuring = null; // the side being read
    var readings = [];
    var lastEvent = 0;
    var watchdog = null;
    var fromPhone = {}; // side -> the angle recorded by the phone

    function say(text) {
      state.textContent = text;
      if (window.anklet && window.anklet.announce) window.anklet.announce(text);
    }
    function field(name) { return form.elements[name]; }
    function placement() {
      var chosen = panel.querySelector("input[name=phone_placement]:checked");
      return chosen ? chosen.value : "";
    }
    function label(side, text) {
      var found = form.querySelector("label[for='f-lunge_" + side + "']");
      if (found) found.textContent = text;
    }

    function stop() {
      window.removeEventListener("deviceorientation", onReading);
      if (watchdog) clearInterval(watchdog);
      watchdog = null;
      measuring = null;
      if (window.anklet && window.anklet.wake) window.anklet.wake.release("inclinometer");
    }

    // The whole lunge becomes an angle taken with the phone at this placement.
    function record(side, angle) {
      var method = field("lunge_method");
      var cleared = [];
      ["left", "right"].forEach(function (other) {
        var input = field("lunge_" + other);
        if (other !== side && input.value && !(other in fromPhone)) {
          cleared.push(other + " (" + input.value + (method.value === "distance-cm" ? " cm" : "") + ")");
          input.value = "";
        }
      });
      method.value = "angle-deg";
      field("lunge_device").value = "phone";
      field("lunge_placement").value = placement();
      fromPhone[side] = angle;
      field("lunge_" + side).value = String(angle);
      label("left", "Left: tibia angle (°)");
      label("right", "Right: tibia angle (°)");
      panel.querySelectorAll("input[name=phone_placement]").forEach(function (r) { r.disabled = true; });
      reset.hidden = false;
      if (cleared.length) {
        note.hidden = false;
        note.textContent = "Cleared " + cleared.join(" and ") +
          ": a test is recorded in degrees or in centimetres, never both. Measure that side with the phone too.";
      }
      stop();
      say((side === "left" ? "Left" : "Right") + ": " + angle + "° recorded.");
    }

    function onReading(event) {
      if (measuring === null || event.beta === null || event.beta === undefined) return;
      var now = Date.now();
      lastEvent = now;
      var angle = tibiaAngle(Number(event.beta));
      out.textContent = angle.toFixed(1);
      if (angle < lowest || angle > highest) {
        readings = [];
        state.textContent = "Hold the phone flat on the shin, top towards the knee.";
        return;
      }
      readings.push({ at: now, angle: angle });
      // Keep the window and the one reading just before it (it shows the window is full).
      while (readings.length > 1 && readings[1].at <= now - steadyMs) readings.shift();
      var values = readings.map(function (r) { return r.angle; });
      var low = Math.min.apply(null, values);
      var high = Math.max.apply(null, values);
      if (high - low > spread) {
        readings = [readings[readings.length - 1]];
        state.textContent = "Hold still…";
        return;
      }
      if (now - readings[0].at >= steadyMs) {
        var mean = values.reduce(function (a, b) { return a + b; }, 0) / values.length;
        record(measuring, Math.round(mean));
      } else {
        state.textContent = "Steady… keep still.";
      }
    }

    function start(side) {
      stop();
      measuring = side;
      readings = [];
      lastEvent = Date.now();
      out.textContent = "–";
      say("Measuring the " + side + " shin: lunge and hold still.");
      if (window.anklet && window.anklet.wake) window.anklet.wake.hold("inclinometer");
      window.addEventListener("deviceorientation", onReading);
      watchdog = setInterval(function () {
        if (Date.now() - lastEvent < NO_READINGS_MS) return;
        stop();
        say("This device gives no orientation readings: type the angle, or measure the distance with a tape.");
      }, 500);
    }

    // iOS 13 and later ask once, from a tap; elsewhere the events simply arrive.
    function permitted() {
      var ask = window.DeviceOrientationEvent && window.DeviceOrientationEvent.requestPermission;
      if (typeof ask !== "function") return Promise.resolve(true);
      return ask.call(window.DeviceOrientationEvent).then(function (answer) { return answer === "granted"; });
    }

    panel.querySelectorAll("[data-measure]").forEach(function (button) {
      button.addEventListener("click", function () {
        var side = button.dataset.measure;
        permitted().then(function (granted) {
          if (granted) start(side);
          else say("The phone's motion sensor was not allowed: allow it in the browser's settings, or type the angle.");
        }, function () { say("The phone's motion sensor could not be asked for: type the angle instead."); });
      });
    });
    reset.addEventListener("click", function () {
      stop();
      Object.keys(fromPhone).forEach(function (side) { field("lunge_" + side).value = ""; });
      fromPhone = {};
      panel.querySelectorAll("input[name=phone_placement]").forEach(function (r) { r.disabled = false; });
      reset.hidden = true;
      note.hidden = true;
      out.textContent = "–";
      say("Not started.");
    });
  });
})();
