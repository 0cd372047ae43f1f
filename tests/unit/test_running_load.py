"""The running-load guard (domain.running_load): the thresholds at their edges, the windows,
and what `load_warnings` shows on a day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.running_load import (
    LONG_RUN_LOOKBACK_DAYS,
    LONG_RUN_RULE,
    LONG_RUN_SPIKE_FRACTION,
    RECENT_DAYS,
    WEEK_DAYS,
    WEEKLY_RISE_FRACTION,
    WEEKLY_RISE_RULE,
    RunLoad,
    flag_reason,
    guard_window_start,
    load_warnings,
    long_run_spikes,
    weekly_distance_m,
    weekly_rise,
)

DAY = date(2026, 11, 2)


def test_a_run_just_over_ten_percent_longer_than_the_longest_of_30_days_is_flagged() -> None:
    longest = 10_000.0
    history = [RunLoad(DAY - timedelta(days=20), longest), RunLoad(DAY - timedelta(days=5), 6000)]
    over = longest * (1 + LONG_RUN_SPIKE_FRACTION) + 1
    at_edge = longest * (1 + LONG_RUN_SPIKE_FRACTION)
    flagged = long_run_spikes([*history, RunLoad(DAY, over)])
    assert [(w.rule, w.day) for w in flagged] == [(LONG_RUN_RULE, DAY)]
    assert "Frandsen 2025" in flagged[0].source
    assert "association" in flagged[0].reason
    assert long_run_spikes([*history, RunLoad(DAY, at_edge)]) == []


def test_only_the_previous_30_days_count_as_the_reference() -> None:
    old_long = RunLoad(DAY - timedelta(days=LONG_RUN_LOOKBACK_DAYS + 1), 20_000)
    recent = RunLoad(DAY - timedelta(days=3), 8000)
    warnings = long_run_spikes([old_long, recent, RunLoad(DAY, 9000)])
    assert [w.day for w in warnings] == [DAY]  # 9 km against 8 km: the 20 km is too old
    assert warnings[0].value_percent == 12.5


def test_a_first_run_or_a_return_after_a_month_off_has_nothing_to_compare_with() -> None:
    assert long_run_spikes([RunLoad(DAY, 15_000)]) == []
    assert long_run_spikes([RunLoad(DAY - timedelta(days=40), 5000), RunLoad(DAY, 15_000)]) == []


def test_two_runs_on_one_day_are_not_compared_with_each_other() -> None:
    assert long_run_spikes([RunLoad(DAY, 5000), RunLoad(DAY, 12_000)]) == []


def test_weekly_distance_rising_more_than_30_percent_over_two_weeks_is_flagged() -> None:
    two_weeks_ago = DAY - timedelta(days=WEEK_DAYS * 2)
    base = [RunLoad(two_weeks_ago, 20_000)]
    just_over = [*base, RunLoad(DAY, 20_000 * (1 + WEEKLY_RISE_FRACTION) + 1)]
    at_edge = [*base, RunLoad(DAY, 20_000 * (1 + WEEKLY_RISE_FRACTION))]
    rise = weekly_rise(just_over, DAY)
    assert rise is not None and rise.rule == WEEKLY_RISE_RULE
    assert "Nielsen 2014" in rise.source and "weak evidence" in rise.reason
    assert weekly_rise(at_edge, DAY) is None


def test_no_weekly_flag_without_running_two_weeks_before() -> None:
    assert weekly_rise([RunLoad(DAY, 30_000)], DAY) is None


def test_load_warnings_show_recent_spikes_and_ignore_runs_after_the_day() -> None:
    runs = [
        RunLoad(DAY - timedelta(days=30), 8000),
        RunLoad(DAY - timedelta(days=RECENT_DAYS + 2), 10_000),  # a spike, but not recent
        RunLoad(DAY - timedelta(days=1), 12_000),  # a recent spike
        RunLoad(DAY + timedelta(days=1), 30_000),  # not run yet on DAY
    ]
    warnings = load_warnings(runs, DAY)
    assert [w.day for w in warnings if w.rule == LONG_RUN_RULE] == [DAY - timedelta(days=1)]


@given(
    st.lists(
        st.tuples(st.integers(0, 90), st.floats(500, 50_000, allow_nan=False)),
        max_size=40,
    )
)
def test_every_spike_is_more_than_ten_percent_over_the_reference(
    raw: list[tuple[int, float]],
) -> None:
    runs = [RunLoad(DAY - timedelta(days=days), metres) for days, metres in raw]
    for warning in long_run_spikes(runs):
        window = [
            r.distance_m
            for r in runs
            if warning.day - timedelta(days=LONG_RUN_LOOKBACK_DAYS) <= r.day < warning.day
        ]
        flagged = [r.distance_m for r in runs if r.day == warning.day]
        assert window and max(flagged) > max(window) * (1 + LONG_RUN_SPIKE_FRACTION)
    assert weekly_distance_m(runs, DAY) >= 0


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.floats(500, 50_000, allow_nan=False)),
        max_size=40,
    )
)
def test_the_runs_of_the_guard_window_give_the_same_warnings_as_every_run(
    raw: list[tuple[int, float]],
) -> None:
    """The coach's flag reads only the runs from `guard_window_start`: nothing older can
    change what is in force on the day."""
    runs = [RunLoad(DAY - timedelta(days=days), metres) for days, metres in raw]
    window = [run for run in runs if run.day >= guard_window_start(DAY)]
    assert load_warnings(window, DAY) == load_warnings(runs, DAY)


def test_the_flag_line_names_each_warning_briefly() -> None:
    runs = [
        RunLoad(DAY - timedelta(days=16), 10_000),
        RunLoad(DAY - timedelta(days=1), 12_000),
        RunLoad(DAY, 5_000),
    ]
    warnings = load_warnings(runs, DAY)
    assert {w.rule for w in warnings} == {LONG_RUN_RULE, WEEKLY_RISE_RULE}
    line = flag_reason(warnings)
    assert line.startswith("running load: run of 2026-11-01 20 % over the longest")
    assert "weekly distance up" in line and len(line) < 200
