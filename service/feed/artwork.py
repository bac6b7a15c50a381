"""The podcast's cover art: a square RGB PNG made from the feed's title, so no one has to draw one.

Apple Podcasts wants 1400 to 3000 px, RGB (no alpha, no palette), PNG or JPEG. Podcast apps
cache artwork hard, so its URL carries a digest of everything that changes the picture; a new
title or size is a new URL. Drawing uses Pillow's bundled FreeType font (no system fonts needed).
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import textwrap

from PIL import Image, ImageDraw, ImageFont

ARTWORK_VERSION = 1  # bump when the drawing changes
SIZE_MIN, SIZE_MAX = 1400, 3000
BACKGROUND_TOP, BACKGROUND_BOTTOM = (16, 42, 67), (9, 86, 96)
INK = (255, 255, 255)
ACCENT = (255, 196, 61)


def clamp_size(size: int) -> int:
    return max(SIZE_MIN, min(SIZE_MAX, int(size)))


def artwork_digest(title: str, subtitle: str | None, size: int) -> str:
    """Names the picture these inputs make (cheap: nothing is drawn)."""
    blob = json.dumps([ARTWORK_VERSION, title, subtitle, clamp_size(size)]).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def _gradient(size: int) -> Image.Image:
    """A vertical gradient, drawn as a 1-px column and stretched (fast at 3000 px)."""
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / (size - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM)))
    return column.resize((size, size))


def _sound_waves(draw: ImageDraw.ImageDraw, size: int) -> None:
    """A speaker dot with three arcs: 'this is read aloud'."""
    cx, cy, unit = size * 0.30, size * 0.36, size / 100
    draw.ellipse((cx - 7 * unit, cy - 7 * unit, cx + 7 * unit, cy + 7 * unit), fill=ACCENT)
    for n in (1, 2, 3):
        r = (7 + 9 * n) * unit
        draw.arc((cx - r, cy - r, cx + r, cy + r), -50, 50, fill=ACCENT, width=math.ceil(3.5 * unit))


def _fit_font(draw: ImageDraw.ImageDraw, lines: list[str], max_width: float, start: int):
    size = start
    while size > 12:
        font = ImageFont.load_default(size=size)
        if max(draw.textlength(line, font=font) for line in lines) <= max_width:
            return font
        size = int(size * 0.9)
    return ImageFont.load_default(size=size)


def draw_artwork(title: str, subtitle: str | None, size: int) -> bytes:
    """The PNG bytes: gradient, sound waves, the title (wrapped, shrunk to fit) and a subtitle."""
    size = clamp_size(size)
    image = _gradient(size)
    draw = ImageDraw.Draw(image)
    _sound_waves(draw, size)
    margin = size * 0.08
    lines = textwrap.wrap(title, 18)[:3] or ["newsreader"]
    font = _fit_font(draw, lines, size - 2 * margin, int(size * 0.11))
    y = size * 0.62
    for line in lines:
        draw.text((margin, y), line, font=font, fill=INK)
        y += font.size * 1.15
    if subtitle:
        small = _fit_font(draw, [subtitle], size - 2 * margin, int(size * 0.06))
        draw.text((margin, size * 0.54), subtitle, font=small, fill=ACCENT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
