"""Draw the app's icons (the web app manifest's and the home screen's) as PNG files, with the
standard library only: a shin leaning forward over a flat foot, the dorsiflexion the app
measures, white on the brand colour.

Usage: python scripts/gen_icons.py [--check]
With --check, write nothing and exit 1 if a committed icon differs from what this draws.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "src" / "anklet" / "web" / "static" / "icons"
BRAND = (0x0B, 0x6E, 0x6E)  # --brand in anklet.css
MARK = (0xFF, 0xFF, 0xFF)
ANGLE = (0xFF, 0xB3, 0x47)  # --focus of the dark theme: the angle measured
# (file name, pixels, maskable): a maskable icon fills its square (the launcher cuts its own
# shape) and keeps the mark inside the central safe circle; the others have round corners.
ICONS = (
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("icon-maskable-512.png", 512, True),
    ("apple-touch-icon.png", 180, True),  # iOS rounds it itself
)
Point = tuple[float, float]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    ax, ay = p[0] - a[0], p[1] - a[1]
    bx, by = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, (ax * bx + ay * by) / (bx * bx + by * by)))
    return math.hypot(ax - t * bx, ay - t * by)


def _coverage(distance: float, half_width: float, pixel: float) -> float:
    """How much of a pixel a stroke covers (a one-pixel soft edge: no jagged lines)."""
    return max(0.0, min(1.0, (half_width - distance) / pixel + 0.5))


def _mix(under: tuple[float, ...], over: tuple[int, ...], alpha: float) -> tuple[float, ...]:
    return tuple(u + (o - u) * alpha for u, o in zip(under, over, strict=True))


def draw(size: int, maskable: bool) -> list[bytes]:
    """Rows of RGBA pixels."""
    pixel = 1.0 / size
    scale = 0.72 if maskable else 0.9  # inside the maskable safe zone (a circle of 80 %)
    offset = (1 - scale) / 2

    def at(x: float, y: float) -> Point:
        return (offset + x * scale, offset + y * scale)

    knee, ankle = at(0.60, 0.12), at(0.40, 0.80)
    heel, toe = at(0.28, 0.84), at(0.86, 0.84)
    stroke = 0.085 * scale / 2
    arc_centre, arc_radius = ankle, 0.42 * scale
    plumb = (ankle[0], ankle[1] - 0.62 * scale)  # the vertical the angle is read from
    shin_angle = math.atan2(knee[1] - ankle[1], knee[0] - ankle[0])
    vertical = -math.pi / 2
    corner = 0.0 if maskable else 0.2
    rows = []
    for j in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for each row
        y = (j + 0.5) * pixel
        for i in range(size):
            x = (i + 0.5) * pixel
            inside = 1.0
            if corner:
                cx = min(max(x, corner), 1 - corner)
                cy = min(max(y, corner), 1 - corner)
                inside = _coverage(math.hypot(x - cx, y - cy), corner, pixel)
            colour: tuple[float, ...] = BRAND
            # The angle between the vertical and the shin: an arc of the measured colour.
            theta = math.atan2(y - arc_centre[1], x - arc_centre[0])
            if vertical <= theta <= shin_angle:
                ring = abs(math.hypot(x - arc_centre[0], y - arc_centre[1]) - arc_radius)
                colour = _mix(colour, ANGLE, _coverage(ring, stroke * 0.6, pixel))
            reference = _segment_distance((x, y), ankle, plumb)
            colour = _mix(colour, ANGLE, _coverage(reference, stroke * 0.45, pixel))
            limb = min(_segment_distance((x, y), knee, ankle), _segment_distance((x, y), heel, toe))
            colour = _mix(colour, MARK, _coverage(limb, stroke, pixel))
            row += bytes(round(c) for c in colour) + bytes([round(255 * inside)])
        rows.append(bytes(row))
    return rows


def png(rows: list[bytes], size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def main(argv: list[str]) -> int:
    stale = []
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in ICONS:
        data = png(draw(size, maskable), size)
        path = FOLDER / name
        if path.exists() and path.read_bytes() == data:
            continue
        if "--check" in argv:
            stale.append(name)
            continue
        path.write_bytes(data)
        print(f"wrote {path}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/gen_icons.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
