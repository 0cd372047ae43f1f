"""Limits on what comes in from outside, named once: request bodies, files and JSON nesting.

A body or a file larger than these is refused before it is parsed, and deep nesting before
the parser can recurse into it, so no input can make the app use unbounded memory or fail
with a traceback (Python's JSON parser raises RecursionError on deep enough nesting).
"""

from __future__ import annotations

MAX_BODY_BYTES = 64 * 1024  # the largest API or form body: a full session log is about 5 kB
MAX_FILE_BYTES = 1024 * 1024  # the largest session file `anklet log --file` reads
MAX_JSON_DEPTH = 32  # the deepest nesting a body or file may have (ours need 4)
# An upload of watch files (a year of runs in one go; the parts are spooled to disk).
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_UPLOAD_FILES = 400


def json_depth(text: bytes | str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, strings skipped; a quick
    scan that never recurses (the text need not be valid JSON)."""
    data = text.encode("utf-8", "replace") if isinstance(text, str) else text
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


# The largest export `anklet import`, the import page and the API read: a year of daily
# training exports to about 7 MB of JSON (docs/data.md); a zip's members count unpacked.
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
