"""`newsreader read` turns a file into MP3 files and a JSON index, with no server."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.audio_check import decode_mp3, expected_seconds
from tests.conftest import FIXTURES


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True, text=True, timeout=300)


def test_read_a_file_into_mp3s_and_an_index(tmp_path, upi_expected):
    out = tmp_path / "out"
    result = run_cli("read", str(FIXTURES / "upi-syria-airstrike.html"), "-o", str(out), "--rate", "240")
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text())
    assert index["title"] == upi_expected["title"] and index["rate"] == 240
    spoken = [p for s in index["sections"] for p in s["text"].split("\n\n")]
    assert spoken == upi_expected["paragraphs"]
    total = 0.0
    for section in index["sections"]:
        audio = decode_mp3((out / section["audio"]).read_bytes())
        want = expected_seconds(section["text"], 240)
        assert abs(audio.duration_s - want) <= 0.25 * want
        total += audio.duration_s
    whole = decode_mp3((out / index["audio"]).read_bytes())
    assert whole.duration_s > total


def test_read_reports_a_missing_file(tmp_path):
    result = run_cli("read", str(tmp_path / "nope.html"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "nope.html" in result.stderr


def test_read_rejects_a_bad_rate(tmp_path):
    result = run_cli("read", str(FIXTURES / "upi-syria-airstrike.txt"), "-o", str(tmp_path), "--rate", "5")
    assert result.returncode == 2 and "rate" in result.stderr
