"""Watch files for the tests, written by our own code: FIT through Garmin's own encoder
(garmin-fit-sdk, a dev dependency), TCX and GPX as the watches write them.

Each function returns the bytes and the values written, so a test compares what Anklet
imported with what went into the file, never with a number copied by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

START = datetime(2026, 5, 31, 7, 0)  # UTC, a Sunday
SERIAL = 3_900_000_001


@dataclass(frozen=True)
class Written:
    """What a fixture put in its file (cadence in strides per minute, as FIT counts it)."""

    data: bytes
    start: datetime
    distance_m: float
    moving_s: float
    strides_per_minute: float | None
    ground_contact_ms: float | None
    balance_left_percent: float | None
    vertical_oscillation_mm: float | None
    vertical_ratio_percent: float | None
    step_length_mm: float | None
    laps: int
    records: int
    utc_offset_min: int | None
    serial: int | None


def fit_run(
    *,
    start: datetime = START,
    distance_m: float = 10_000.0,
    moving_s: float = 3000.0,
    sport: str = "running",
    sub_sport: str = "street",
    dynamics: bool = True,
    cadence: bool = True,
    lap_m: float = 1000.0,
    utc_offset_min: int | None = 60,
    serial: int | None = SERIAL,
    every_s: int = 1,
    wobble: bool = True,
) -> Written:
    """A FIT activity: file_id, one record every `every_s` seconds at an even pace (with a
    small wobble in the dynamics), a lap every `lap_m`, the session and the activity."""
    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    aware = start.replace(tzinfo=UTC)
    speed = distance_m / moving_s
    strides, fraction = 85, 0.5
    gct, balance, vo, vr, step = 245.0, 49.6, 86.0, 7.8, 1170.0
    encoder = Encoder()
    file_id = {"mesg_num": numbers["FILE_ID"], "type": "activity", "manufacturer": "garmin"}
    file_id |= {"product": 1, "time_created": aware}
    if serial is not None:
        file_id["serial_number"] = serial
    encoder.write_mesg(file_id)
    records = 0
    lap_start = 0
    laps = 0
    for second in range(0, int(moving_s) + 1, every_s):
        wiggle = math.sin(second / 37.0) if wobble else 0.0
        record = {
            "mesg_num": numbers["RECORD"],
            "timestamp": aware + timedelta(seconds=second),
            "distance": round(speed * second, 2),
            "enhanced_speed": round(speed, 3),
            "heart_rate": 150,
        }
        if cadence:
            record |= {"cadence": strides, "fractional_cadence": fraction}
        if dynamics:
            record |= {
                "stance_time": round(gct + 4 * wiggle, 1),
                "stance_time_balance": balance,
                "vertical_oscillation": vo,
                "vertical_ratio": vr,
                "step_length": step,
            }
        encoder.write_mesg(record)
        records += 1
        if speed * second >= (laps + 1) * lap_m or second + every_s > moving_s:
            lap = {
                "mesg_num": numbers["LAP"],
                "timestamp": aware + timedelta(seconds=second),
                "start_time": aware + timedelta(seconds=lap_start),
                "total_timer_time": float(second - lap_start),
                "total_elapsed_time": float(second - lap_start),
                "total_distance": round(speed * (second - lap_start), 2),
                "sport": sport,
            }
            if cadence:
                lap |= {"avg_cadence": strides, "avg_fractional_cadence": fraction}
            if dynamics:
                lap |= {"avg_stance_time": gct, "avg_stance_time_balance": balance}
            encoder.write_mesg(lap)
            laps += 1
            lap_start = second
    session = {
        "mesg_num": numbers["SESSION"],
        "timestamp": aware + timedelta(seconds=moving_s),
        "start_time": aware,
        "sport": sport,
        "sub_sport": sub_sport,
        "total_distance": distance_m,
        "total_timer_time": moving_s,
        "total_elapsed_time": moving_s + 30,
    }
    if cadence:
        session |= {"avg_cadence": strides, "avg_fractional_cadence": fraction}
    if dynamics:
        session |= {
            "avg_stance_time": gct,
            "avg_stance_time_balance": balance,
            "avg_vertical_oscillation": vo,
            "avg_vertical_ratio": vr,
            "avg_step_length": step,
        }
    encoder.write_mesg(session)
    activity = {
        "mesg_num": numbers["ACTIVITY"],
        "timestamp": aware + timedelta(seconds=moving_s),
        "num_sessions": 1,
        "type": "manual",
    }
    if utc_offset_min is not None:
        activity["local_timestamp"] = aware + timedelta(seconds=moving_s, minutes=utc_offset_min)
    encoder.write_mesg(activity)
    return Written(
        data=encoder.close(),
        start=start,
        distance_m=distance_m,
        moving_s=moving_s,
        strides_per_minute=strides + fraction if cadence else None,
        ground_contact_ms=gct if dynamics else None,
        balance_left_percent=balance if dynamics else None,
        vertical_oscillation_mm=vo if dynamics else None,
        vertical_ratio_percent=vr if dynamics else None,
        step_length_mm=step if dynamics else None,
        laps=laps,
        records=records,
        utc_offset_min=utc_offset_min,
        serial=serial,
    )


def truncated(data: bytes) -> bytes:
    """The first half of a file, as a copy interrupted mid-way leaves it."""
    return data[: len(data) // 2]


def bad_crc(data: bytes) -> bytes:
    """One byte in the middle changed: the size is right, the checksum is not."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def tcx_run(
    *,
    start: datetime = START,
    distance_m: float = 8000.0,
    moving_s: float = 2400.0,
    strides_per_minute: int = 84,
    sport: str = "Running",
    every_s: int = 5,
    unit_id: int = 3_900_000_002,
) -> Written:
    """A TCX activity as Garmin writes it: one lap, trackpoints with distance, heart rate and
    RunCadence (strides per minute) in the TPX extension."""
    speed = distance_m / moving_s
    points = []
    for second in range(0, int(moving_s) + 1, every_s):
        points.append(
            f"<Trackpoint><Time>{_iso(start + timedelta(seconds=second))}</Time>"
            f"<DistanceMeters>{speed * second:.2f}</DistanceMeters>"
            "<HeartRateBpm><Value>148</Value></HeartRateBpm>"
            f"<Extensions><ns3:TPX><ns3:Speed>{speed:.3f}</ns3:Speed>"
            f"<ns3:RunCadence>{strides_per_minute}</ns3:RunCadence></ns3:TPX></Extensions>"
            "</Trackpoint>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(start)}</Id>'
        f'<Lap StartTime="{_iso(start)}"><TotalTimeSeconds>{moving_s:.1f}</TotalTimeSeconds>'
        f"<DistanceMeters>{distance_m:.1f}</DistanceMeters><Intensity>Active</Intensity>"
        f"<TriggerMethod>Manual</TriggerMethod><Track>{''.join(points)}</Track>"
        f"<Extensions><ns3:LX><ns3:AvgRunCadence>{strides_per_minute}</ns3:AvgRunCadence>"
        "</ns3:LX></Extensions></Lap>"
        f'<Creator xsi:type="Device_t"><Name>Forerunner</Name><UnitId>{unit_id}</UnitId>'
        "</Creator></Activity></Activities></TrainingCenterDatabase>"
    )
    return _written_xml(text, start, distance_m, moving_s, strides_per_minute, 1, len(points))


def gpx_run(
    *,
    start: datetime = START,
    distance_m: float = 5000.0,
    moving_s: float = 1500.0,
    strides_per_minute: int = 83,
    kind: str | None = "running",
    every_s: int = 5,
) -> Written:
    """A GPX track heading north at an even pace, with Garmin's cadence extension."""
    speed = distance_m / moving_s
    metres_per_degree = 6_371_000.0 * math.pi / 180
    points = []
    for second in range(0, int(moving_s) + 1, every_s):
        lat = 55.0 + speed * second / metres_per_degree
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="12.5000000"><ele>10</ele>'
            f"<time>{_iso(start + timedelta(seconds=second))}</time><extensions>"
            f"<gpxtpx:TrackPointExtension><gpxtpx:hr>146</gpxtpx:hr>"
            f"<gpxtpx:cad>{strides_per_minute}</gpxtpx:cad></gpxtpx:TrackPointExtension>"
            "</extensions></trkpt>"
        )
    kind_element = f"<type>{kind}</type>" if kind else ""
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="anklet tests" xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<metadata><time>{_iso(start)}</time></metadata>"
        f"<trk><name>Morning run</name>{kind_element}<trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )
    return _written_xml(text, start, distance_m, moving_s, strides_per_minute, 0, len(points))


def _written_xml(
    text: str,
    start: datetime,
    distance_m: float,
    moving_s: float,
    strides: float,
    laps: int,
    records: int,
) -> Written:
    return Written(
        data=text.encode("utf-8"),
        start=start,
        distance_m=distance_m,
        moving_s=moving_s,
        strides_per_minute=strides,
        ground_contact_ms=None,
        balance_left_percent=None,
        vertical_oscillation_mm=None,
        vertical_ratio_percent=None,
        step_length_mm=None,
        laps=laps,
        records=records,
        utc_offset_min=None,
        serial=None,
    )
