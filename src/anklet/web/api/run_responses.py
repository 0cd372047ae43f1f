"""Response models of the runs routes (reports/runs.py), as OpenAPI documents them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from anklet.web.api.responses import HeelRaisePointOut, LsiPointOut, LungePointOut, Out
from anklet.web.api.running_out import CadenceCueOut, LoadWarningOut


class RunRowOut(Out):
    id: int
    date: dt.date = Field(description="the runner's local day")
    started_at_utc: dt.datetime
    utc_offset_min: int | None = Field(description="local time minus UTC; null when unknown")
    sport: str
    sub_sport: str
    distance_km: float
    moving_s: float
    pace_s_per_km: float
    cadence_spm: float | None = Field(description="steps per minute")
    ground_contact_ms: float | None
    gct_balance_left_percent: float | None
    gct_balance_right_percent: float | None
    vertical_oscillation_mm: float | None
    vertical_ratio_percent: float | None
    step_length_mm: float | None
    format: Literal["fit", "tcx", "gpx"]
    file: str


class ImportFileOut(Out):
    file: str
    outcome: Literal["imported", "duplicate", "refused"]
    reason: str
    run: RunRowOut | None


class ImportOut(Out):
    athlete: str
    imported: int
    duplicates: int
    refused: int
    files: list[ImportFileOut]


class WeekOut(Out):
    week: dt.date = Field(description="the Monday")
    distance_km: float
    runs: int
    cadence_spm: float | None
    ground_contact_ms: float | None
    gct_balance_left_percent: float | None


class SquatDepthOut(Out):
    date: dt.date
    box_height_cm: float | None = Field(description="null: full depth")
    full: bool
    depth: str
    version: int = Field(description="one more on every change of the day's depth (If-Match)")


class RunsOut(Out):
    athlete: str
    runs: list[RunRowOut]
    weekly: list[WeekOut]
    lunge: list[LungePointOut]
    heel_raise: list[HeelRaisePointOut]
    heel_raise_lsi: list[LsiPointOut]
    squat_depth: list[SquatDepthOut]
    warnings: list[LoadWarningOut]
    cadence_cue: CadenceCueOut | None
    captions: dict[str, str]


class DynamicsOut(Out):
    cadence_spm: float | None
    ground_contact_ms: float | None
    gct_balance_left_percent: float | None
    vertical_oscillation_mm: float | None
    vertical_ratio_percent: float | None
    step_length_mm: float | None


class LapOut(DynamicsOut):
    index: int
    started_at_utc: dt.datetime
    moving_s: float
    distance_m: float


class MinuteOut(DynamicsOut):
    minute: int
    distance_m: float
    speed_m_s: float | None
    heart_rate_bpm: float | None


class RunDetailOut(Out):
    id: int
    started_at_utc: dt.datetime
    utc_offset_min: int | None
    date: dt.date
    sport: str
    sub_sport: str
    distance_m: float
    moving_s: float
    elapsed_s: float
    pace_s_per_km: float
    device_serial: str | None
    format: Literal["fit", "tcx", "gpx"]
    file: str
    summary: DynamicsOut
    laps: list[LapOut]
    minutes: list[MinuteOut]
