"""`Range: bytes=a-b,c-d`: several ranges of one file, answered as multipart/byteranges.

Werkzeug serves one range and refuses several with 416, which is wrong (RFC 9110 §14): a client
may ask for many. Ranges that overlap or touch are merged first; what is left as one range goes
back to Werkzeug's single-range path (the Range header rewritten to it), more become a
`multipart/byteranges` body, each part with its own Content-Range. None satisfiable: 416, as
for one range. The parts are read at once, under the caller's lock: they are never more than the
file, and a multi-range request is rare.
"""
from __future__ import annotations

import re
import secrets

MAX_PARTS = 32  # more than this many separate ranges: answered as if one, from first to last
# "a-b", "a-" or "-n"; Werkzeug's own parser refuses ranges out of order or overlapping, which
# RFC 9110 allows (a server merges them)
_SPEC = re.compile(r"^\s*(?:(\d+)-(\d*)|-(\d+))\s*$")


def _parse(header: str | None) -> list[tuple[int, int | None]] | None:
    """(start, stop or None) per range, start negative for a suffix; None if unparsable."""
    if not header or "=" not in header:
        return None
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    out: list[tuple[int, int | None]] = []
    for spec in specs.split(","):
        m = _SPEC.match(spec)
        if m is None:
            return None
        if m.group(3) is not None:
            out.append((-int(m.group(3)), None))
            continue
        start, end = int(m.group(1)), m.group(2)
        if end and int(end) < start:
            return None
        out.append((start, int(end) + 1 if end else None))
    return out


def spans(header: str | None, size: int) -> list[tuple[int, int]] | None:
    """Merged [start, stop) spans of a multi-range header (empty: none satisfiable), or None
    when it is not one (no header, one range, not bytes, unparsable): then the single-range
    path decides."""
    parsed = _parse(header)
    if parsed is None or len(parsed) < 2:
        return None
    wanted = []
    for start, stop in parsed:
        if start < 0:  # a suffix: the last -start bytes
            start, stop = max(size + start, 0), size
        stop = size if stop is None else min(stop, size)
        if start < stop:
            wanted.append((start, stop))
    merged: list[list[int]] = []
    for start, stop in sorted(wanted):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    if len(merged) > MAX_PARTS:
        merged = [[merged[0][0], merged[-1][1]]]
    return [(a, b) for a, b in merged]


def single_range_header(span: tuple[int, int]) -> str:
    return f"bytes={span[0]}-{span[1] - 1}"


def multipart_body(f, parts: list[tuple[int, int]], size: int, mimetype: str) -> tuple[bytes, str]:
    """(body, boundary) of a multipart/byteranges answer, read from a seekable open file (the
    audio store's: a local file, or an object read by ranges)."""
    boundary = secrets.token_hex(16)
    chunks = []
    for start, stop in parts:
        chunks.append(f"--{boundary}\r\nContent-Type: {mimetype}\r\n"
                      f"Content-Range: bytes {start}-{stop - 1}/{size}\r\n\r\n".encode("ascii"))
        f.seek(start)
        chunks.append(_read_exactly(f, stop - start))
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(chunks), boundary


def _read_exactly(f, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        piece = f.read(n - len(out))
        if not piece:
            raise OSError(f"the file ended {n - len(out)} bytes early")
        out += piece
    return bytes(out)
