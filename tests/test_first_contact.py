"""The README's first command, run as a newcomer runs it: a clean copy of the repository, a new
virtual environment with the interpreter's bundled pip (no upgrade), the command exactly as the
README writes it (read from the file, so README and test cannot drift). The service must start on
its embedded defaults, take the seed fixture and serve its first section's audio.

Slow (a real install of every dependency, from pip's cache when it is warm): one test."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import requests

from tests.audio_check import decode_mp3
from tests.conftest import FIXTURES
from tests.gunicorn_server import free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
INSTALL_SECONDS = 600  # a cold pip cache downloads every wheel


def readme_first_command() -> str:
    """The indented command under the README's "Install and run the service" line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^Install and run the service[^\n]*\n(?:[^\n]+\n)*?\n((?:    [^\n]+\n)+)", text, re.MULTILINE)
    assert m, "README.md no longer says how to install and run the service"
    return " ".join(line.strip() for line in m.group(1).splitlines())


def clean_copy(dest: Path) -> None:
    """The files git tracks (as they are in the work tree): no data/, audio, caches or venvs."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def _serving(proc: subprocess.Popen, base: str, log_path: Path) -> bool:
    if proc.poll() is not None:
        pytest.fail(f"the README's first command exited ({proc.returncode}):\n"
                    + log_path.read_text(errors="replace")[-3000:])
    return requests.get(f"{base}/healthz", timeout=2).ok


def test_readme_first_command_starts_the_service_in_a_fresh_venv(tmp_path):
    command = readme_first_command()
    assert "pip install" in command and "newsreader serve" in command
    repo, env_dir = tmp_path / "newsreader", tmp_path / "venv"
    repo.mkdir()
    clean_copy(repo)
    venv.EnvBuilder(with_pip=True).create(env_dir)  # ensurepip: the interpreter's own pip
    bin_dir = env_dir / "bin"
    pip_version = subprocess.run([bin_dir / "python3", "-m", "pip", "--version"], check=True,
                                 capture_output=True, text=True).stdout
    bundled = subprocess.run([sys.executable, "-c", "import ensurepip; print(ensurepip.version())"],
                             check=True, capture_output=True, text=True).stdout.strip()
    assert pip_version.startswith(f"pip {bundled} "), pip_version

    port = free_port()
    # nothing of this process's environment that could hide a missing dependency
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "NEWSREADER_", "VIRTUAL_ENV", "PROMETHEUS_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(env_dir),
               NEWSREADER_PORT=str(port))
    log_path = tmp_path / "first-command.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["bash", "-c", command], cwd=repo, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _serving(proc, base, log_path), INSTALL_SECONDS,
                   f"the README's first command to serve /healthz (see {log_path})")
        assert requests.get(f"{base}/healthz", timeout=5).json()["status"] == "ok"
        seed = (FIXTURES / "upi-syria-airstrike.html").read_text(encoding="utf-8")
        r = requests.post(f"{base}/api/articles", json={"html": seed}, timeout=60)
        assert r.status_code == 201, r.text
        first = r.json()["sections"][0]
        audio = requests.get(first["audio_url"], timeout=120)
        assert audio.status_code == 200 and audio.headers["Content-Type"] == "audio/mpeg"
        decoded = decode_mp3(audio.content)
        assert decoded.duration_s > len(first["text"].split()) / 450 * 60  # real speech, not silence
        # the defaults: the database and the audio under the copy itself
        assert (repo / "data" / "newsreader.db").exists()
        assert any(repo.joinpath("audio_cache").glob("*.mp3"))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
