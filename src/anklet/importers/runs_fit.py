"""FIT activity files to a Run, decoded with fitdecode (docs/decisions/0004): streamed frame by
frame with its checksum checked, so a truncated or damaged file is refused with its reason and a
two-hour run never sits in memory as records.

FIT running cadence is in strides per minute (plus a fractional part); Anklet stores steps
per minute, twice that (domain.runs.steps_per_minute).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from anklet.domain.runs import Dynamics, Lap, Run, RunFormat, UnreadableRun, steps_per_minute
from anklet.importers.run_minutes import MinuteSummary

FIT_SIGNATURE_OFFSET = 8
FIT_SIGNATURE = b".FIT"
OFFSET_ROUNDING_MIN = 15  # time zones are whole quarter hours
# FIT times are seconds since 1989-12-31 00:00 UTC; below 0x10000000 a value counts from the
# device's power-on instead, which says nothing of the day (FIT SDK profile, date_time).
FIT_EPOCH = datetime(1989, 12, 31)
FIT_MIN_ABSOLUTE_S = 0x10000000


def looks_like_fit(head: bytes) -> bool:
    return head[FIT_SIGNATURE_OFFSET : FIT_SIGNATURE_OFFSET + 4] == FIT_SIGNATURE


@dataclass
class _Found:
    serial: str | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    laps: list[Lap] = field(default_factory=list)
    utc_offset_min: int | None = None
    minutes: MinuteSummary = field(default_factory=MinuteSummary)


def read_fit(data: bytes, *, sha256: str, name: str = "") -> Run:
    """The run in `data`; UnreadableRun with a one-line reason when it cannot be read."""
    import fitdecode

    found = _Found()
    try:
        # No data processor: its per-field dispatch was a fifth of the decoding time, and the
        # times it would convert are the only values Anklet reads that it changes (_naive_utc).
        with fitdecode.FitReader(
            io.BytesIO(data),
            processor=None,
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    _take(found, frame)
    except fitdecode.FitEOFError:
        raise UnreadableRun("truncated: the file ends before its data do") from None
    except fitdecode.FitCRCError:
        raise UnreadableRun("damaged: the checksum does not match (bad CRC)") from None
    except fitdecode.FitHeaderError:
        raise UnreadableRun("not a FIT activity: its header is not valid") from None
    except (fitdecode.FitError, ValueError, KeyError, TypeError) as error:
        raise UnreadableRun(f"damaged: {str(error)[:120]}") from None
    return _run(found, sha256, name)


def _value(fields: dict[str, Any], name: str) -> Any:
    return fields.get(name)


def _naive_utc(value: Any) -> datetime | None:
    """A FIT time (seconds since FIT_EPOCH, UTC) as a naive UTC datetime; None when absent
    or relative to power-on."""
    if isinstance(value, bool) or not isinstance(value, int) or value < FIT_MIN_ABSOLUTE_S:
        return None
    return FIT_EPOCH + timedelta(seconds=value)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _take(found: _Found, message: Any) -> None:
    kind = message.name
    # One pass over the fields: looking each name up on the message is a linear search.
    frame = {field.name: field.value for field in message.fields}
    if kind == "record":
        _record(found, frame)
    elif kind == "lap":
        found.laps.append(_lap(frame, len(found.laps)))
    elif kind == "session":
        found.sessions.append(frame)
    elif kind == "file_id":
        serial = _value(frame, "serial_number")
        found.serial = str(serial) if serial is not None else None
    elif kind == "activity":
        local, utc = (
            _naive_utc(_value(frame, "local_timestamp")),
            _naive_utc(_value(frame, "timestamp")),
        )
        if local is not None and utc is not None:
            seconds = (local - utc).total_seconds()
            found.utc_offset_min = round(seconds / 60 / OFFSET_ROUNDING_MIN) * OFFSET_ROUNDING_MIN


def _record(found: _Found, frame: dict[str, Any]) -> None:
    at = _naive_utc(_value(frame, "timestamp"))
    if at is None:
        return
    speed = _number(_value(frame, "enhanced_speed"))
    if speed is None:
        speed = _number(_value(frame, "speed"))
    found.minutes.add(
        at,
        _number(_value(frame, "distance")),
        cadence_spm=steps_per_minute(
            _number(_value(frame, "cadence")), _number(_value(frame, "fractional_cadence"))
        ),
        ground_contact_ms=_number(_value(frame, "stance_time")),
        gct_balance_left_percent=_number(_value(frame, "stance_time_balance")),
        vertical_oscillation_mm=_number(_value(frame, "vertical_oscillation")),
        vertical_ratio_percent=_number(_value(frame, "vertical_ratio")),
        step_length_mm=_number(_value(frame, "step_length")),
        speed_m_s=speed,
        heart_rate_bpm=_number(_value(frame, "heart_rate")),
    )


def _dynamics(frame: dict[str, Any]) -> Dynamics:
    strides = _number(_value(frame, "avg_running_cadence"))
    if strides is None:
        strides = _number(_value(frame, "avg_cadence"))
    return Dynamics(
        cadence_spm=steps_per_minute(strides, _number(_value(frame, "avg_fractional_cadence"))),
        ground_contact_ms=_number(_value(frame, "avg_stance_time")),
        gct_balance_left_percent=_number(_value(frame, "avg_stance_time_balance")),
        vertical_oscillation_mm=_number(_value(frame, "avg_vertical_oscillation")),
        vertical_ratio_percent=_number(_value(frame, "avg_vertical_ratio")),
        step_length_mm=_number(_value(frame, "avg_step_length")),
    )


def _lap(frame: dict[str, Any], index: int) -> Lap:
    return Lap(
        index=index,
        started_at=_naive_utc(_value(frame, "start_time")) or FIT_EPOCH,
        moving_s=_number(_value(frame, "total_timer_time")) or 0.0,
        distance_m=_number(_value(frame, "total_distance")) or 0.0,
        dynamics=_dynamics(frame),
    )


def _run(found: _Found, sha256: str, name: str) -> Run:
    if not found.sessions:
        raise UnreadableRun("no activity summary in the file (no session message)")
    if len(found.sessions) > 1:
        raise UnreadableRun("a multisport file: export the run as an activity of its own")
    session = found.sessions[0]
    started = _naive_utc(_value(session, "start_time"))
    distance = _number(_value(session, "total_distance"))
    moving = _number(_value(session, "total_timer_time"))
    if started is None or distance is None or moving is None:
        raise UnreadableRun("the activity summary has no start time, distance or timer time")
    elapsed = _number(_value(session, "total_elapsed_time")) or moving
    return Run(
        started_at=started,
        utc_offset_min=found.utc_offset_min,
        sport=str(_value(session, "sport") or "generic"),
        sub_sport=str(_value(session, "sub_sport") or "generic"),
        distance_m=distance,
        moving_s=moving,
        elapsed_s=elapsed,
        dynamics=_dynamics(session),
        source_format=RunFormat.FIT,
        file_sha256=sha256,
        device_serial=found.serial,
        laps=tuple(found.laps),
        minutes=found.minutes.minutes(),
        file_name=name,
    )
