"""What a podcast app asks of a media URL before it trusts it, as one check that raises
AssertionError on the first thing missing: HEAD with the length, `bytes=0-1` (Apple's first
probe), a suffix range and an open range answered 206 with the right bytes, 416 with
`bytes */N` past the end, and 304 for its own ETag."""
from __future__ import annotations

import requests


def _get(url: str, **headers) -> requests.Response:
    return requests.get(url, headers=headers, timeout=30)


def check_ranges(url: str) -> bytes:
    """Probe `url` like a podcast app; returns the whole body."""
    whole = _get(url)
    assert whole.status_code == 200, whole.status_code
    body, size = whole.content, len(whole.content)
    assert size > 16, size

    first = _get(url, Range="bytes=0-1")
    assert first.status_code == 206, f"bytes=0-1 answered {first.status_code}, not 206"
    assert first.content == body[:2] and first.headers["Content-Range"] == f"bytes 0-1/{size}"

    suffix = _get(url, Range="bytes=-10")
    assert suffix.status_code == 206, f"bytes=-10 answered {suffix.status_code}, not 206"
    assert suffix.content == body[-10:] and suffix.headers["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"

    rest = _get(url, Range="bytes=7-")
    assert rest.status_code == 206 and rest.content == body[7:], rest.status_code

    past = _get(url, Range=f"bytes={size}-")
    assert past.status_code == 416, f"a range past the end answered {past.status_code}, not 416"
    assert past.headers.get("Content-Range") == f"bytes */{size}", past.headers.get("Content-Range")

    head = requests.head(url, timeout=30)
    assert head.status_code == 200 and head.content == b"", head.status_code
    assert int(head.headers["Content-Length"]) == size and head.headers.get("Accept-Ranges") == "bytes"

    etag = whole.headers.get("ETag")
    assert etag, "no ETag"
    again = _get(url, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"", again.status_code
    return body


def parts_of(resp: requests.Response) -> list[tuple[str, bytes]]:
    """(Content-Range, bytes) of each part of a multipart/byteranges body."""
    ctype = resp.headers["Content-Type"]
    assert ctype.startswith("multipart/byteranges; boundary="), ctype
    boundary = ctype.split("boundary=", 1)[1].encode()
    chunks = resp.content.split(b"--" + boundary)
    assert chunks[0] == b"" and chunks[-1] == b"--\r\n", (chunks[0][:40], chunks[-1][:40])
    out = []
    for chunk in chunks[1:-1]:
        head, _, data = chunk[2:].partition(b"\r\n\r\n")
        assert data.endswith(b"\r\n")
        fields = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        out.append((fields["Content-Range"], data[:-2]))
    return out


def check_multi_ranges(url: str) -> None:
    """Several ranges: a multipart/byteranges 206 with each part's bytes; touching ranges merged
    into one plain 206."""
    body = _get(url).content
    size = len(body)
    several = _get(url, Range="bytes=0-1,10-19,-5")
    assert several.status_code == 206, f"bytes=0-1,10-19,-5 answered {several.status_code}, not 206"
    assert int(several.headers["Content-Length"]) == len(several.content)
    assert parts_of(several) == [(f"bytes 0-1/{size}", body[:2]), (f"bytes 10-19/{size}", body[10:20]),
                                 (f"bytes {size - 5}-{size - 1}/{size}", body[-5:])]
    touching = _get(url, Range="bytes=0-9,10-19")
    assert touching.status_code == 206 and touching.content == body[:20]
    assert touching.headers["Content-Range"] == f"bytes 0-19/{size}"
