"""TCX and GPX runs to a Run, parsed with defusedxml (an uploaded file is untrusted: no
entity expansion, no external references) and streamed point by point.

Both carry less than FIT: no running dynamics but cadence, no time zone (the UTC day is used).
TCX and Garmin's GPX extension count running cadence in strides per minute, as FIT does; Anklet
doubles it to steps per minute. A GPX file must say it is a run (`<type>running</type>`).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from anklet.domain.runs import (
    Dynamics,
    Lap,
    NotARun,
    Run,
    RunFormat,
    UnreadableRun,
    steps_per_minute,
)
from anklet.importers.run_minutes import MinuteSummary

EARTH_RADIUS_M = 6_371_000.0
MOVING_SPEED_MIN_M_S = 0.5  # slower than this between two points counts as standing still
MOVING_GAP_MAX_S = 30.0  # a longer gap between two points is a pause
GPX_RUN_TYPES = frozenset({"running", "run", "9", "trail_running", "treadmill_running"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass
class _Track:
    """Points in time order: distance (given, or from positions), moving time, the mean
    cadence and the per-minute summary."""

    minutes: MinuteSummary = field(default_factory=MinuteSummary)
    first: datetime | None = None
    last: datetime | None = None
    distance_m: float = 0.0
    moving_s: float = 0.0
    cadence_total: float = 0.0
    cadence_count: int = 0
    _previous: tuple[datetime, float] | None = None
    _position: tuple[float, float] | None = None

    def point(
        self,
        at: datetime,
        *,
        distance_m: float | None = None,
        position: tuple[float, float] | None = None,
        cadence_spm: float | None = None,
        heart_rate_bpm: float | None = None,
    ) -> None:
        if distance_m is None and position is not None:
            if self._position is not None:
                self.distance_m += _haversine_m(self._position, position)
            self._position = position
            distance_m = self.distance_m
        elif distance_m is not None:
            self.distance_m = max(self.distance_m, distance_m)
        if self._previous is not None and distance_m is not None:
            seconds = (at - self._previous[0]).total_seconds()
            moved = distance_m - self._previous[1]
            if 0 < seconds <= MOVING_GAP_MAX_S and moved / seconds >= MOVING_SPEED_MIN_M_S:
                self.moving_s += seconds
        if distance_m is not None:
            self._previous = (at, distance_m)
        if cadence_spm:
            self.cadence_total += cadence_spm
            self.cadence_count += 1
        self.first = self.first or at
        self.last = at
        self.minutes.add(
            at, distance_m, cadence_spm=cadence_spm or None, heart_rate_bpm=heart_rate_bpm
        )

    def cadence(self) -> float | None:
        return round(self.cadence_total / self.cadence_count, 1) if self.cadence_count else None


def _haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _events(data: bytes):  # type: ignore[no-untyped-def]
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        yield from iterparse(io.BytesIO(data), events=("start", "end"))
    except ParseError as error:
        raise UnreadableRun(f"damaged XML: {error}") from None
    except DefusedXmlException:
        raise UnreadableRun("refused: the XML declares entities or external references") from None


def _child_text(element: object, name: str) -> str | None:
    for child in element:  # type: ignore[attr-defined]
        if _local(child.tag) == name:
            return child.text  # type: ignore[no-any-return]
    return None


def _descendant_text(element: object, name: str) -> str | None:
    for child in element.iter():  # type: ignore[attr-defined]
        if _local(child.tag) == name:
            return child.text  # type: ignore[no-any-return]
    return None


def read_tcx(data: bytes, *, sha256: str, name: str = "") -> Run:
    track = _Track()
    sport: str | None = None
    serial: str | None = None
    laps: list[Lap] = []
    lap_start: datetime | None = None
    for event, element in _events(data):
        tag = _local(element.tag)
        if event == "start":
            if tag == "Activity":
                sport = (element.get("Sport") or "").lower()
                if sport != "running":
                    raise NotARun(sport or "not stated")
            elif tag == "Lap":
                lap_start = _time(element.get("StartTime"))
            continue
        if tag == "Trackpoint":
            _tcx_point(track, element)
            element.clear()
        elif tag == "Lap":
            laps.append(_tcx_lap(element, len(laps), lap_start))
            element.clear()
        elif tag == "Creator":
            serial = _child_text(element, "UnitId")
    if sport is None:
        raise UnreadableRun("not a TCX activity: no Activity element")
    return _xml_run(track, RunFormat.TCX, sha256, name, serial, tuple(laps))


def _tcx_point(track: _Track, element: object) -> None:
    at = _time(_child_text(element, "Time"))
    if at is None:
        return
    heart = None
    for child in element:  # type: ignore[attr-defined]
        if _local(child.tag) == "HeartRateBpm":
            heart = _float(_child_text(child, "Value"))
    track.point(
        at,
        distance_m=_float(_child_text(element, "DistanceMeters")),
        cadence_spm=steps_per_minute(_float(_descendant_text(element, "RunCadence"))),
        heart_rate_bpm=heart,
    )


def _tcx_lap(element: object, index: int, started: datetime | None) -> Lap:
    return Lap(
        index=index,
        started_at=started or datetime(1970, 1, 1),
        moving_s=_float(_child_text(element, "TotalTimeSeconds")) or 0.0,
        distance_m=_float(_child_text(element, "DistanceMeters")) or 0.0,
        dynamics=Dynamics(
            cadence_spm=steps_per_minute(_float(_descendant_text(element, "AvgRunCadence")))
        ),
    )


def read_gpx(data: bytes, *, sha256: str, name: str = "") -> Run:
    track = _Track()
    kind: str | None = None
    seen_gpx = False
    for event, element in _events(data):
        tag = _local(element.tag)
        if event == "start":
            seen_gpx = seen_gpx or tag == "gpx"
            continue
        if tag == "type" and kind is None:
            kind = (element.text or "").strip().lower()
        elif tag == "trkpt":
            _gpx_point(track, element)
            element.clear()
    if not seen_gpx:
        raise UnreadableRun("not a GPX file: no gpx element")
    if kind not in GPX_RUN_TYPES:
        raise NotARun(kind or "not stated (the file has no <type>running</type>)")
    return _xml_run(track, RunFormat.GPX, sha256, name, None, ())


def _gpx_point(track: _Track, element: object) -> None:
    at = _time(_child_text(element, "time"))
    lat = _float(element.get("lat"))  # type: ignore[attr-defined]
    lon = _float(element.get("lon"))  # type: ignore[attr-defined]
    if at is None or lat is None or lon is None:
        return
    track.point(
        at,
        position=(lat, lon),
        cadence_spm=steps_per_minute(_float(_descendant_text(element, "cad"))),
        heart_rate_bpm=_float(_descendant_text(element, "hr")),
    )


def _xml_run(
    track: _Track,
    source: RunFormat,
    sha256: str,
    name: str,
    serial: str | None,
    laps: tuple[Lap, ...],
) -> Run:
    if track.first is None or track.last is None:
        raise UnreadableRun("no timed points in the file")
    lap_moving = sum(lap.moving_s for lap in laps)
    lap_distance = sum(lap.distance_m for lap in laps)
    return Run(
        started_at=laps[0].started_at if laps and lap_moving else track.first,
        utc_offset_min=None,
        sport="running",
        sub_sport="generic",
        distance_m=round(lap_distance or track.distance_m, 1),
        moving_s=round(lap_moving or track.moving_s, 1),
        elapsed_s=(track.last - track.first).total_seconds(),
        dynamics=Dynamics(cadence_spm=track.cadence()),
        source_format=source,
        file_sha256=sha256,
        device_serial=serial,
        laps=laps,
        minutes=track.minutes.minutes(),
        file_name=name,
    )
