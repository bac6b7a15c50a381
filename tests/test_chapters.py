"""Chapters of the whole-article MP3: ID3 CHAP/CTOC frames in time order (read back by ffprobe
and by walking the tag's frames), the Podcasting 2.0 chapters JSON beside it, and the article
JSON's section starts: all the same offsets."""
from __future__ import annotations

import io
import json
import struct
import subprocess

import pytest
from mutagen.id3 import ID3

from service.speech.chapters import Chapter, with_chapters
from service.speech.encode import encode_mp3, silence

# Section 1's heading is the longest, so its CHAP frame is the largest: mutagen's own writer
# (sorting by size) would put it last.
HTML = """<html lang="en"><head><title>City budget passes after long night</title></head><body>
<article><h1>City budget passes after long night</h1><p class="byline">By Ann Writer</p>
<p>The city council approved the budget early on Wednesday after a debate that lasted eleven
hours. Members argued over parks, roads and the police.</p>
<h2>What the longest and most contested part of the new spending plan pays for</h2>
<p>Most of the new money goes to repairing roads. The rest pays for two new parks on the east
side of town.</p>
<h2>Critics</h2><p>Opponents said the plan spends too much. They promised to bring the matter to
voters next spring.</p>
<h2>Next steps</h2><p>The mayor will sign the budget on Friday. It takes effect in July.</p>
</article></body></html>"""


def local(url: str) -> str:
    return url.replace("http://localhost", "")


def id3_frame_order(mp3: bytes) -> list[tuple[str, bytes]]:
    """(frame id, first bytes of its body) in file order, from the raw ID3v2.3 tag."""
    assert mp3[:3] == b"ID3" and mp3[3] == 3
    size = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(mp3[6:10]))
    pos, frames = 10, []
    while pos + 10 <= 10 + size and mp3[pos:pos + 4].strip(b"\0"):
        frame_id, length = mp3[pos:pos + 4].decode(), struct.unpack(">I", mp3[pos + 4:pos + 8])[0]
        frames.append((frame_id, mp3[pos + 10:pos + 10 + length]))
        pos += 10 + length
    return frames


@pytest.fixture
def rendered(client, tmp_path):
    article = client.post("/api/articles", json={"html": HTML, "rate": 450}).get_json()
    mp3 = client.get(local(article["audio_url"])).data
    path = tmp_path / "article.mp3"
    path.write_bytes(mp3)
    return client.get(f"/api/articles/{article['id']}").get_json(), mp3, path


def test_id3_chapters_in_time_order_read_by_ffprobe(rendered):
    article, mp3, path = rendered
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
                           capture_output=True, text=True, check=True)
    chapters = json.loads(probe.stdout)["chapters"]
    headings = [s["heading"] for s in article["sections"]]
    assert [c["tags"]["title"] for c in chapters] == headings
    starts = [float(c["start_time"]) for c in chapters]
    # the first chapter holds the title and byline; the first section's own audio starts later
    assert starts[0] == 0 and article["sections"][0]["start_s"] > 1.0
    assert starts == sorted(starts)
    assert starts[1:] == pytest.approx([s["start_s"] for s in article["sections"][1:]], abs=0.0011)
    ends = [float(c["end_time"]) for c in chapters]
    assert ends[:-1] == pytest.approx(starts[1:], abs=0.0011)
    assert ends[-1] == pytest.approx(article["duration_s"], abs=0.1)


def test_frames_are_written_toc_first_then_chapters_in_time_order(rendered):
    _, mp3, _ = rendered
    frames = id3_frame_order(mp3)
    ids = [f for f, _ in frames]
    assert ids[:ids.index("CTOC")] == ["TIT2", "TPE1", "TALB"][:ids.index("CTOC")]
    chaps = [body.split(b"\0", 1)[0].decode() for f, body in frames if f == "CHAP"]
    assert chaps == ["chp0", "chp1", "chp2", "chp3"]
    toc = ID3(io.BytesIO(mp3)).getall("CTOC")[0]
    assert toc.child_element_ids == chaps and toc.flags == 3  # top level, ordered
    starts = [ch.start_time for ch in sorted(ID3(io.BytesIO(mp3)).getall("CHAP"), key=lambda c: c.element_id)]
    assert starts == sorted(starts)


def test_mutagens_own_writer_would_reorder_them():
    """Why chapters.py writes frames itself: mutagen sorts frames by size."""
    mp3 = encode_mp3(silence(3000, 22050), 22050, "t", normalize=False)
    chapters = [Chapter(0, "A much longer first chapter title", 0.0, 1.0),
                Chapter(1, "B", 1.0, 2.0), Chapter(2, "Middle one", 2.0, 3.0)]
    ours = with_chapters(mp3, chapters, "toc")
    tags = ID3(io.BytesIO(ours))
    plain = io.BytesIO(ours)
    tags.save(plain, v2_version=3)  # mutagen's writer, same frames
    order = lambda data: [b.split(b"\0", 1)[0] for f, b in id3_frame_order(data) if f == "CHAP"]
    assert order(ours) == [b"chp0", b"chp1", b"chp2"]
    assert order(plain.getvalue()) != order(ours)


def test_podcasting_chapters_json_served_beside_the_mp3(client, rendered):
    article, mp3, _ = rendered
    resp = client.get(local(article["chapters_url"]))
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json+chapters"
    assert "immutable" in resp.headers["Cache-Control"]
    doc = json.loads(resp.data)
    assert doc["version"] == "1.2.0" and doc["title"] == article["title"]
    assert [c["title"] for c in doc["chapters"]] == [s["heading"] for s in article["sections"]]
    assert [c["startTime"] for c in doc["chapters"]] == [0] + [s["start_s"] for s in article["sections"][1:]]
    chap_ms = sorted(ch.start_time for ch in ID3(io.BytesIO(mp3)).getall("CHAP"))
    assert chap_ms == [round(c["startTime"] * 1000) for c in doc["chapters"]]
    assert client.get(local(article["chapters_url"]), headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304


def test_whole_transcript_has_each_section_start(client, rendered):
    article, _, _ = rendered
    vtt = client.get(local(article["transcript_url"])).get_data(as_text=True)
    for section in article["sections"][1:]:  # own headings are read aloud: a cue each
        line = next(i for i, l in enumerate(vtt.splitlines()) if l == section["heading"])
        start = vtt.splitlines()[line - 1].split(" --> ")[0]
        h, m, s = start.split(":")
        assert -0.0015 <= int(h) * 3600 + int(m) * 60 + float(s) - section["start_s"] <= 0.05  # 1 ms: both rounded to ms


def test_sections_have_no_chapters_document(client, rendered):
    article, _, _ = rendered
    section_key = article["sections"][0]["audio_url"].rsplit("/", 1)[1][:-4]
    assert client.get(f"/audio/{section_key}.chapters.json").status_code == 404
    assert client.get("/audio/" + "0" * 32 + ".chapters.json").status_code == 404
    assert client.get("/audio/" + "0" * 32 + ".vtt").status_code == 404
