"""The running part of the status (warnings and the cadence cue): its own module, so the
status model and the runs models share it without importing each other."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoadWarningOut(Out):
    rule: str
    date: dt.date
    reason: str
    source: str
    percent_above: float


class CadenceCueOut(Out):
    rule: str
    preferred_spm: int
    recent_spm: int
    target_spm: int
    cap_spm: int
    pace_s_per_km: int
    reason: str
    source: str


class RunningOut(Out):
    warnings: list[LoadWarningOut]
    cadence_cue: CadenceCueOut | None
