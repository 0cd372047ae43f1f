"""A logged session from a JSON file (`anklet log --file session.json`): outside data checked
field by field before it reaches the services.

Shape: {"date": "YYYY-MM-DD", "session": "strength", "pain": 2, "rpe": 7, "rir": 2,
"notes": "...", "sharp_pain": false, "swelling": false, "unusual_tightness": false,
"items": [{"exercise": "tempo-heel-raise", "side": "both", "sets": 3, "reps": 15,
"hold_s": null, "load_kg": 10, "skipped": false}]}

The three warning signs are optional booleans (default false).

What `anklet history --json` prints is accepted too: one of its logs (as `anklet log --json`
prints it: each item's `actual` is what was done; the target, the prescription, the plan id
and the decisions are the record of the time and are not read back), or the whole history,
where `--date` and `--session` pick the log when it has more than one.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from anklet.domain.errors import InvalidValue
from anklet.domain.limits import MAX_FILE_BYTES, MAX_JSON_DEPTH, json_depth
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.units import parse_choice, parse_date
from anklet.services.training import Actual, LogRequest

ITEM_FIELDS = {"exercise", "side", "sets", "reps", "hold_s", "load_kg", "skipped"}
WARNING_SIGNS = ("sharp_pain", "swelling", "unusual_tightness")
TOP_FIELDS = {"date", "session", "pain", "rpe", "rir", "notes", "items", *WARNING_SIGNS}


def read_session_file(
    path: str,
    *,
    default_day: date,
    pick_day: date | None = None,
    pick_session: str | None = None,
) -> LogRequest:
    """A session file: at most MAX_FILE_BYTES (a device or a huge file is never read whole)
    and at most MAX_JSON_DEPTH deep, checked before parsing. From a whole history, the log of
    `pick_day` and `pick_session` (either may be left out when only one log fits)."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InvalidValue("--file", path, f"a file of at most {MAX_FILE_BYTES} bytes")
        if json_depth(data) > MAX_JSON_DEPTH:
            raise InvalidValue("--file", path, f"JSON nested at most {MAX_JSON_DEPTH} deep")
        document = json.loads(data.decode("utf-8"))
    except OSError as error:
        raise InvalidValue("--file", path, f"a readable file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise InvalidValue("--file", path, "a text file in UTF-8") from None
    except json.JSONDecodeError as error:
        raise InvalidValue("--file", path, f"JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(document, dict):
        raise InvalidValue("--file", path, "a JSON object with 'pain' and 'items'")
    if "logs" in document:
        document = _one_log(document["logs"], pick_day, pick_session)
    return parse_session(_as_session(document), default_day=default_day)


# Fields of a printed log that record what was, not what to log: never read back (a
# version belongs to the stored log it was printed from, not to the one logged now).
PRINTED_ONLY = frozenset({"athlete", "plan_id", "decisions", "version"})
ITEM_PRINTED_ONLY = frozenset({"target", "actual", "prescribed", "prescribed_rule"})


def _one_log(logs: Any, day: date | None, session: str | None) -> Any:
    if not isinstance(logs, list):
        raise InvalidValue("logs", type(logs).__name__, "a list of logs (anklet history --json)")
    fits = [
        log
        for log in logs
        if isinstance(log, dict)
        and (day is None or log.get("date") == day.isoformat())
        and (session is None or log.get("session") == session)
    ]
    if len(fits) != 1:
        raise InvalidValue(
            "--file",
            f"{len(fits)} of its {len(logs)} logs fit",
            "a history with one log, or --date and --session that pick one of its logs",
        )
    return fits[0]


def _as_session(document: dict[str, Any]) -> dict[str, Any]:
    """A printed log as a session file: each item's `actual` is what was done."""
    if not PRINTED_ONLY & set(document) and not any(
        isinstance(item, dict) and "actual" in item for item in document.get("items", []) or []
    ):
        return document
    session = {key: value for key, value in document.items() if key not in PRINTED_ONLY}
    items = document.get("items", [])
    if isinstance(items, list):
        session["items"] = [_as_item(item) for item in items]
    return session


def _as_item(item: Any) -> Any:
    if not isinstance(item, dict) or "actual" not in item:
        return item
    actual = item["actual"] if isinstance(item["actual"], dict) else {}
    done = {key: value for key, value in item.items() if key not in ITEM_PRINTED_ONLY}
    return done | {key: actual[key] for key in ITEM_FIELDS if key in actual}


def parse_session(document: dict[str, Any], *, default_day: date) -> LogRequest:
    unknown = set(document) - TOP_FIELDS
    if unknown:
        raise InvalidValue("field", sorted(unknown)[0], "one of " + ", ".join(sorted(TOP_FIELDS)))
    if "pain" not in document:
        raise InvalidValue("pain", "missing", "pain during the session, 0 to 10")
    items = document.get("items", [])
    if not isinstance(items, list):
        raise InvalidValue("items", type(items).__name__, "a list of items")
    actuals = dict(_item(entry, index) for index, entry in enumerate(items))
    return LogRequest(
        day=parse_date("date", document["date"]) if "date" in document else default_day,
        kind=parse_choice("session", document["session"], SessionKind)
        if "session" in document
        else None,
        pain_during=_int("pain", document["pain"]),
        rpe=_optional_int("rpe", document.get("rpe")),
        rir=_optional_int("rir", document.get("rir")),
        notes=_text("notes", document.get("notes", "")),
        actuals=actuals,
        as_prescribed=True,
        sharp_pain=_flag("sharp_pain", document.get("sharp_pain", False)),
        swelling=_flag("swelling", document.get("swelling", False)),
        unusual_tightness=_flag("unusual_tightness", document.get("unusual_tightness", False)),
    )


def _item(entry: Any, index: int) -> tuple[tuple[str, SideChoice], Actual]:
    where = f"items[{index}]"
    if not isinstance(entry, dict) or "exercise" not in entry:
        raise InvalidValue(where, entry, "an object with at least 'exercise' and 'side'")
    unknown = set(entry) - ITEM_FIELDS
    if unknown:
        raise InvalidValue(
            f"{where}.{sorted(unknown)[0]}",
            "unknown field",
            "one of " + ", ".join(sorted(ITEM_FIELDS)),
        )
    side = parse_choice(f"{where}.side", str(entry.get("side", "both")), SideChoice)
    actual = Actual(
        sets=_optional_int(f"{where}.sets", entry.get("sets")),
        reps=_optional_int(f"{where}.reps", entry.get("reps")),
        hold_s=_optional_int(f"{where}.hold_s", entry.get("hold_s")),
        load_kg=_optional_float(f"{where}.load_kg", entry.get("load_kg")),
        skipped=bool(entry.get("skipped", False)),
    )
    return (str(entry["exercise"]), side), actual


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue(field, value, "text")
    return value


def _flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, value, "true or false")
    return value


def _int(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, value, "a whole number")
    return value


def _optional_int(field: str, value: Any) -> int | None:
    return None if value is None else _int(field, value)


def _optional_float(field: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(field, value, "a number")
    return float(value)
