"""Watch files to runs (importers.runs): FIT written by Garmin's own encoder and read by
fitdecode, TCX and GPX written by us; each value compared with what went into the file."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from anklet.domain.runs import Run, UnreadableRun
from anklet.importers.runs import MAX_RUN_FILE_BYTES, read_run, run_files
from tests.run_files import START, Written, bad_crc, fit_run, gpx_run, tcx_run, truncated


@pytest.fixture(scope="module")
def ten_k() -> Written:
    return fit_run()


@pytest.fixture(scope="module")
def ten_k_run(ten_k: Written) -> Run:
    return read_run(ten_k.data, "10k.fit")


def test_a_10k_with_running_dynamics_keeps_every_summary_value(
    ten_k: Written, ten_k_run: Run
) -> None:
    run = ten_k_run
    assert run.started_at == ten_k.start
    assert run.utc_offset_min == ten_k.utc_offset_min
    assert run.distance_m == ten_k.distance_m and run.moving_s == ten_k.moving_s
    assert run.sport == "running" and run.sub_sport == "street"
    assert run.device_serial == str(ten_k.serial)
    assert ten_k.strides_per_minute is not None
    assert run.dynamics.cadence_spm == 2 * ten_k.strides_per_minute  # steps, not strides
    assert run.dynamics.ground_contact_ms == ten_k.ground_contact_ms
    assert run.dynamics.gct_balance_left_percent == ten_k.balance_left_percent
    assert run.dynamics.vertical_oscillation_mm == ten_k.vertical_oscillation_mm
    assert run.dynamics.vertical_ratio_percent == ten_k.vertical_ratio_percent
    assert run.dynamics.step_length_mm == ten_k.step_length_mm
    assert run.pace_s_per_km == pytest.approx(ten_k.moving_s / 10)


def test_laps_and_minutes_summarise_the_records(ten_k: Written, ten_k_run: Run) -> None:
    run = ten_k_run
    assert len(run.laps) == ten_k.laps
    assert sum(lap.distance_m for lap in run.laps) == pytest.approx(ten_k.distance_m, abs=5)
    assert len(run.minutes) == math.ceil(ten_k.records / 60)
    assert [m.minute for m in run.minutes] == list(range(len(run.minutes)))
    assert sum(m.distance_m for m in run.minutes) == pytest.approx(ten_k.distance_m, abs=1)
    assert ten_k.ground_contact_ms is not None
    for minute in run.minutes:
        assert minute.dynamics.cadence_spm == run.dynamics.cadence_spm
        # The records wobble by +/- 4 ms around the session average.
        assert minute.dynamics.ground_contact_ms == pytest.approx(ten_k.ground_contact_ms, abs=4)


def test_garmins_own_decoder_reads_the_same_file_as_fitdecode(
    ten_k: Written, ten_k_run: Run
) -> None:
    """The fixture is a valid FIT file for Garmin's SDK too, and both decoders agree."""
    from garmin_fit_sdk import Decoder, Stream

    decoder = Decoder(Stream.from_byte_array(bytearray(ten_k.data)))
    assert decoder.is_fit() and decoder.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(ten_k.data))).read()
    assert errors == []
    session = messages["session_mesgs"][0]
    assert session["total_distance"] == ten_k_run.distance_m
    assert session["avg_stance_time"] == ten_k_run.dynamics.ground_contact_ms
    assert len(messages["record_mesgs"]) == ten_k.records
    assert len(messages["lap_mesgs"]) == len(ten_k_run.laps)


def test_a_run_without_running_dynamics_keeps_its_cadence_only() -> None:
    written = fit_run(dynamics=False, distance_m=5000, moving_s=1700)
    run = read_run(written.data)
    assert run.dynamics.cadence_spm == 171.0
    assert run.dynamics.ground_contact_ms is None and not run.dynamics.has_running_dynamics
    assert all(m.dynamics.ground_contact_ms is None for m in run.minutes)


def test_a_treadmill_run_is_a_run() -> None:
    run = read_run(fit_run(sub_sport="treadmill", distance_m=6000, moving_s=2000).data)
    assert run.treadmill and run.distance_m == 6000


def test_the_local_day_comes_from_the_watchs_time_zone() -> None:
    late = datetime(2026, 11, 1, 23, 30)
    run = read_run(fit_run(start=late, utc_offset_min=120, moving_s=600, distance_m=2000).data)
    assert run.started_at.date() == late.date()
    assert run.local_day == late.date() + timedelta(days=1)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: fit_run(sport="cycling").data, "not a run: cycling"),
        (lambda: truncated(fit_run(moving_s=600, distance_m=2000).data), "truncated"),
        (lambda: bad_crc(fit_run(moving_s=600, distance_m=2000).data), "bad CRC"),
        (lambda: b"PK\x03\x04 a zip, not a run", "unknown format"),
        (lambda: b"", "unknown format"),
        (lambda: tcx_run(sport="Biking").data, "not a run: biking"),
        (lambda: gpx_run(kind=None).data, "not a run"),
        (lambda: gpx_run(kind="cycling").data, "not a run: cycling"),
        (lambda: b"<gpx><trk><type>running</type></trk></gpx>", "no timed points"),
        (lambda: b"<gpx><trk><type>running</trk>", "damaged XML"),
    ],
)
def test_a_bad_file_gets_a_one_line_reason(make: object, reason: str) -> None:
    assert callable(make)
    with pytest.raises(UnreadableRun) as refused:
        read_run(make())
    assert reason in refused.value.reason
    assert "\n" not in refused.value.reason


def test_an_implausible_summary_is_refused_naming_the_field() -> None:
    written = fit_run(distance_m=2000, moving_s=5)  # 400 m/s, and under the 10 s minimum
    with pytest.raises(UnreadableRun) as refused:
        read_run(written.data)
    assert "moving_s" in refused.value.reason


def test_xml_with_entities_is_refused_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx><trk><type>&b;</type></trk></gpx>'
    )
    with pytest.raises(UnreadableRun) as refused:
        read_run(bomb)
    assert "entities" in refused.value.reason


def test_a_file_over_the_limit_is_refused_before_decoding() -> None:
    with pytest.raises(UnreadableRun) as refused:
        read_run(b"\0" * (MAX_RUN_FILE_BYTES + 1))
    assert "too large" in refused.value.reason


def test_a_tcx_run_doubles_its_run_cadence_and_keeps_its_lap() -> None:
    written = tcx_run()
    run = read_run(written.data, "run.tcx")
    assert run.started_at == START and run.utc_offset_min is None
    assert run.distance_m == written.distance_m and run.moving_s == written.moving_s
    assert run.dynamics.cadence_spm == 2 * (written.strides_per_minute or 0)
    assert len(run.laps) == 1 and run.laps[0].distance_m == written.distance_m
    assert run.device_serial == "3900000002"


def test_a_gpx_run_measures_its_distance_from_the_positions() -> None:
    written = gpx_run()
    run = read_run(written.data, "run.gpx")
    assert run.distance_m == pytest.approx(written.distance_m, rel=0.01)
    assert run.moving_s == pytest.approx(written.moving_s, abs=5)
    assert run.dynamics.cadence_spm == 2 * (written.strides_per_minute or 0)
    assert run.laps == () and run.device_serial is None


def test_a_folder_is_opened_for_its_run_files_in_name_order(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    (tmp_path / "sub").mkdir()
    for name in ("b.FIT", "a.gpx", "sub/c.tcx", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    found = run_files([tmp_path, tmp_path / "a.gpx"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.gpx", "b.FIT", "sub/c.tcx"]


def test_fit_times_are_read_from_the_fit_epoch_and_power_on_times_are_not_days() -> None:
    """The decoder's processor is off (its dispatch cost a fifth of the decoding): Anklet
    turns FIT times into UTC itself. A value under 0x10000000 counts from the device's
    power-on, so it names no day."""
    from anklet.importers.runs_fit import FIT_MIN_ABSOLUTE_S, _naive_utc

    assert _naive_utc(1149145200) == datetime(2026, 5, 31, 7, 0)
    assert _naive_utc(FIT_MIN_ABSOLUTE_S - 1) is None
    assert _naive_utc(None) is None and _naive_utc(True) is None
