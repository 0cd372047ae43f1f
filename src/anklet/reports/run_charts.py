"""The runs beside ankle capacity as Vega-Lite specifications on one time axis: weekly
distance, cadence, ground contact time and its balance, then the progress page's own lunge,
heel-raise and LSI specifications (reports.charts) and the squat depth, every chart with the
same date domain so a week lines up from chart to chart.

Pure: built from reports.runs.runs_document; the data go in as inline `values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from anklet.reports.charts import _base, _date, heel_raise_chart, lsi_chart, lunge_chart

RUN_COLOUR = "#2a9d8f"
BALANCE_COLOURS = {"domain": ["left", "right"], "range": ["#1f77b4", "#e4572e"]}


def time_domain(document: Mapping[str, Any]) -> list[str] | None:
    """First and last date of anything charted, a day of margin each side; None when empty."""
    dates = [
        row["date"]
        for key in ("runs", "lunge", "heel_raise", "squat_depth")
        for row in document[key]
    ]
    dates += [row["week"] for row in document["weekly"]]
    if not dates:
        return None
    first = date.fromisoformat(min(dates)) - timedelta(days=1)
    last = date.fromisoformat(max(dates)) + timedelta(days=7)
    return [first.isoformat(), last.isoformat()]


def _on_axis(spec: dict[str, Any], domain: list[str] | None) -> dict[str, Any]:
    """`spec` with every date encoding on the shared domain."""
    if domain is None:
        return spec
    for encoding in [spec.get("encoding", {})] + [
        layer.get("encoding", {}) for layer in spec.get("layer", [])
    ]:
        x = encoding.get("x")
        if x and x.get("type") == "temporal":
            encoding["x"] = x | {"scale": {"domain": domain}}
    return spec


def _with_caption(spec: dict[str, Any], caption: str) -> dict[str, Any]:
    return spec | {"description": caption}


def weekly_distance_chart(rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    return _base("Weekly distance (km)", "") | {
        "data": {"name": "weekly", "values": [dict(row) for row in rows]},
        "mark": {"type": "bar", "color": RUN_COLOUR},
        "encoding": {
            "x": {
                "field": "week",
                "type": "temporal",
                "title": "week from",
                "axis": {"format": "%d %b"},
            },
            "y": {"field": "distance_km", "type": "quantitative", "title": "km"},
            "tooltip": [
                {"field": "week", "type": "temporal", "title": "week from"},
                {"field": "distance_km", "title": "km"},
                {"field": "runs"},
            ],
        },
    }


def _per_run(
    title: str, name: str, field: str, unit: str, rows: list[Mapping[str, Any]]
) -> dict[str, Any]:
    return _base(title, "") | {
        "data": {"name": name, "values": [dict(row) for row in rows if row[field] is not None]},
        "mark": {"type": "line", "point": True, "color": RUN_COLOUR},
        "encoding": {
            "x": _date(),
            "y": {
                "field": field,
                "type": "quantitative",
                "title": unit,
                "scale": {"zero": False},
            },
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": field, "title": unit},
                {"field": "distance_km", "title": "km"},
                {"field": "sub_sport", "title": "kind"},
            ],
        },
    }


def balance_rows(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Left and right share of ground contact time per run, as a long series."""
    found = []
    for row in rows:
        if row["gct_balance_left_percent"] is None:
            continue
        found.append(
            {"date": row["date"], "side": "left", "percent": row["gct_balance_left_percent"]}
        )
        found.append(
            {"date": row["date"], "side": "right", "percent": row["gct_balance_right_percent"]}
        )
    return found


def balance_chart(rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    return _base("Ground contact balance (% per foot)", "") | {
        "data": {"name": "balance", "values": balance_rows(rows)},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": _date(),
            "y": {
                "field": "percent",
                "type": "quantitative",
                "title": "%",
                "scale": {"domain": [40, 60]},
            },
            "color": {
                "field": "side",
                "type": "nominal",
                "title": "foot",
                "scale": BALANCE_COLOURS,
            },
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": "side"},
                {"field": "percent", "title": "%"},
            ],
        },
    }


def squat_depth_chart(rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    values = [dict(row) | {"box_cm": row["box_height_cm"] or 0.0} for row in rows]
    return _base("Heels-down squat depth (box cm; 0 = full)", "") | {
        "data": {"name": "squat_depth", "values": values},
        "mark": {"type": "line", "point": True, "color": "#6a4c93"},
        "encoding": {
            "x": _date(),
            "y": {
                "field": "box_cm",
                "type": "quantitative",
                "title": "box cm",
                "scale": {"reverse": True},
            },
            "tooltip": [{"field": "date", "type": "temporal"}, {"field": "depth"}],
        },
    }


def runs_charts(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every chart of the runs section, by name, in the order shown, on one time axis."""
    captions = document["captions"]
    domain = time_domain(document)
    runs = document["runs"]
    charts = {
        "weekly_distance": _with_caption(
            weekly_distance_chart(document["weekly"]), captions["weekly_distance"]
        ),
        "cadence": _with_caption(
            _per_run("Cadence (steps per minute)", "cadence", "cadence_spm", "steps/min", runs),
            captions["cadence"],
        ),
        "ground_contact": _with_caption(
            _per_run("Ground contact time (ms)", "ground_contact", "ground_contact_ms", "ms", runs),
            captions["ground_contact"],
        ),
        "balance": _with_caption(balance_chart(runs), captions["balance"]),
        "run_lunge": _with_caption(lunge_chart(document["lunge"]), captions["ankle"]),
        "run_heel_raise": _with_caption(
            heel_raise_chart(document["heel_raise"]), captions["ankle"]
        ),
        "run_lsi": _with_caption(lsi_chart(document["heel_raise_lsi"]), captions["ankle"]),
        "squat_depth": _with_caption(
            squat_depth_chart(document["squat_depth"]), captions["squat_depth"]
        ),
    }
    return {name: _on_axis(spec, domain) for name, spec in charts.items()}
