"""Choosing the audio store from configuration: files under AUDIO_CACHE, or S3 for AUDIO_STORE."""
from __future__ import annotations


def open_audio_store(config: dict):
    """The AudioCache (default) or S3AudioStore the settings name; ValueError for a bad setting."""
    url = config.get("AUDIO_STORE")
    if not url:
        from service.storage.cache import AudioCache

        return AudioCache(config["AUDIO_CACHE"], config["CACHE_MAX_BYTES"])
    if not url.startswith("s3://"):
        raise ValueError(f"NEWSREADER_AUDIO_STORE must be s3://bucket/prefix, not {url!r}")
    if config.get("ACCEL_REDIRECT"):  # nginx sends files from a folder; S3 objects are not one
        raise ValueError("NEWSREADER_ACCEL_REDIRECT needs the files store, not NEWSREADER_AUDIO_STORE")
    try:
        from service.storage.s3 import S3AudioStore
    except ImportError as exc:
        raise ValueError(f"NEWSREADER_AUDIO_STORE=s3://... needs boto3: pip install 'newsreader[s3]' ({exc})") from exc
    return S3AudioStore(url, config["AUDIO_CACHE"])
