"""Progress charts as Vega-Lite specifications: plain dicts built from the progress document
(`reports.progress.progress_document`), so the same specification draws in the browser (vega-embed),
can later render into a printed report, and is tested as JSON.

Pure: no I/O, no clock; the data go into each specification as inline `values`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
HEIGHT = 220
SIDE_COLOURS = {"domain": ["left", "right"], "range": ["#1f77b4", "#e4572e"]}
VERDICT_COLOURS = {
    "domain": ["progress", "hold", "regress", "pause", "refer"],
    "range": ["#2a9d8f", "#8d99ae", "#e9c46a", "#f4a261", "#d62828"],
}


def progress_charts(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every chart of the progress page, by name, in the order the page shows them."""
    return {
        "lunge": lunge_chart(document["lunge"]),
        "heel_raise": heel_raise_chart(document["heel_raise"]),
        "lsi": lsi_chart(document["heel_raise_lsi"]),
        "pain": pain_chart(document["pain_during"], document["morning"], document["decisions"]),
        "adherence": adherence_chart(document["adherence"]),
    }


def _base(title: str, description: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": "container",
        "height": HEIGHT,
        "autosize": {"type": "fit-x", "contains": "padding"},
    }


def _date(title: str = "date") -> dict[str, Any]:
    return {"field": "date", "type": "temporal", "title": title, "axis": {"format": "%d %b"}}


def _side_colour() -> dict[str, Any]:
    return {"field": "side", "type": "nominal", "title": "side", "scale": SIDE_COLOURS}


def lunge_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Lunge left and right over time; the shaded band around each line is the noise: a change
    inside it is not a real change (Powden 2015)."""
    unit = rows[0]["unit"] if rows else "cm"
    return _base(
        f"Knee-to-wall lunge ({unit})", "Lunge per side; the band is the measurement noise."
    ) | {
        "data": {"name": "lunge", "values": [dict(row) for row in rows]},
        "transform": [
            {"calculate": "datum.value - datum.noise", "as": "low"},
            {"calculate": "datum.value + datum.noise", "as": "high"},
        ],
        "encoding": {"x": _date(), "color": _side_colour()},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.18},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative", "title": unit},
                    "y2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "y": {"field": "value", "type": "quantitative", "title": unit},
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "side"},
                        {"field": "value", "title": unit},
                        {"field": "band"},
                        {"field": "noise", "title": f"noise (± {unit})"},
                        {"field": "real_change", "title": "real change"},
                    ],
                },
            },
        ],
    }


def heel_raise_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return _base("Paced heel raise (reps)", "Heel-raise repetitions per side.") | {
        "data": {"name": "heel_raise", "values": [dict(row) for row in rows]},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": _date(),
            "y": {"field": "reps", "type": "quantitative", "title": "reps"},
            "color": _side_colour(),
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": "side"},
                {"field": "reps"},
                {"field": "band"},
                {"field": "real_change", "title": "real change"},
            ],
        },
    }


def lsi_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The limb symmetry index: the weaker side's reps as a percentage of the stronger's."""
    return _base(
        "Heel-raise limb symmetry index (%)", "Weaker side as a percentage of the stronger."
    ) | {
        "data": {"name": "lsi", "values": [dict(row) for row in rows]},
        "mark": {"type": "line", "point": True, "color": "#6a4c93"},
        "encoding": {
            "x": _date(),
            "y": {
                "field": "lsi_percent",
                "type": "quantitative",
                "title": "LSI %",
                "scale": {"domain": [0, 100]},
            },
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": "lsi_percent", "title": "LSI %"},
                {"field": "weaker_side", "title": "weaker side"},
            ],
        },
    }


def pain_rows(
    pain_during: Sequence[Mapping[str, Any]], morning: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Pain during sessions and the next morning's pain and stiffness as one long series."""
    rows = [
        {"date": row["date"], "measure": "pain during session", "value": row["pain"]}
        for row in pain_during
    ]
    for row in morning:
        rows.append({"date": row["date"], "measure": "morning pain", "value": row["morning_pain"]})
        rows.append(
            {"date": row["date"], "measure": "morning stiffness", "value": row["stiffness"]}
        )
    return sorted(rows, key=lambda row: (row["date"], row["measure"]))


def pain_chart(
    pain_during: Sequence[Mapping[str, Any]],
    morning: Sequence[Mapping[str, Any]],
    decisions: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Pain 0-10 during sessions and next morning; the engine's decisions as vertical markers."""
    return _base(
        "Pain and stiffness (0-10) and decisions",
        "Pain during sessions, morning pain and stiffness; markers are the engine's decisions.",
    ) | {
        "layer": [
            {
                "data": {"name": "pain", "values": pain_rows(pain_during, morning)},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": _date(),
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": "0-10",
                        "scale": {"domain": [0, 10]},
                    },
                    "color": {"field": "measure", "type": "nominal", "title": "measure"},
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "measure"},
                        {"field": "value"},
                    ],
                },
            },
            {
                "data": {"name": "decisions", "values": [dict(row) for row in decisions]},
                "mark": {"type": "rule", "strokeDash": [4, 3], "opacity": 0.7},
                "encoding": {
                    "x": _date(),
                    "stroke": {
                        "field": "verdict",
                        "type": "nominal",
                        "title": "decision",
                        "scale": VERDICT_COLOURS,
                    },
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "verdict"},
                        {"field": "exercise"},
                        {"field": "side"},
                        {"field": "reason"},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"color": "independent"}},
    }


def adherence_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Sessions done as a percentage of those prescribed, per plan week; deloads marked."""
    return _base("Weekly adherence (%)", "Sessions done of those prescribed, per plan week.") | {
        "data": {"name": "adherence", "values": [dict(row) for row in rows]},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "week", "type": "ordinal", "title": "plan week"},
            "y": {
                "field": "percent",
                "type": "quantitative",
                "title": "% done",
                "scale": {"domain": [0, 100]},
            },
            "color": {
                "field": "deload",
                "type": "nominal",
                "title": "deload week",
                "scale": {"domain": [False, True], "range": ["#2a9d8f", "#a8dadc"]},
            },
            "tooltip": [
                {"field": "week"},
                {"field": "start", "title": "starts"},
                {"field": "done"},
                {"field": "prescribed"},
                {"field": "percent", "title": "%"},
            ],
        },
    }
