"""The audio store in S3-compatible object storage (AWS S3, MinIO, Garage, Cloudflare R2), via boto3.

`NEWSREADER_AUDIO_STORE=s3://bucket/prefix` puts each key's MP3 and sidecar at
`<prefix>/<key>.mp3` and `<prefix>/<key>.json`; the endpoint, region and credentials come from
boto3's usual environment (AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3, AWS_DEFAULT_REGION,
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or a profile), so the code path is the one boto3 takes
against any of them. Same interface and guarantees as the files under audio_cache/ (cache.py):

- A PUT is atomic (an object appears whole or not at all), and the sidecar is PUT before the MP3
  (both deleted again if the MP3's PUT fails), so an MP3 is never visible without its sidecar.
  The MP3's PUT carries Content-MD5 (S3 and MinIO refuse bytes damaged on the way; botocore adds
  a CRC32 it checks too) and object metadata with the SHA-256 the sidecar has.
- `has` checks the length and the metadata's SHA-256 against the sidecar on every call and the
  bytes' SHA-256 once per object version (ETag) in this process, as cache.py does per inode.
  `exists`, `stat` and `meta`, which pages and feeds ask of every track, trust an answer for up
  to RECENT_S seconds (service/storage/recent.py): a feed of 100 episodes would otherwise make
  over a thousand round trips. So an object removed from outside this process may be reported
  ready that long; asking for its audio finds it missing (`has` asks afresh) and renders it.
- A store out of space or over its quota (MinIO's XMinioStorageFull, HTTP 507) raises
  StorageFull; unreachable or refusing, StoreUnavailable (503); nothing half-written either way.
- No size cap and no LRU eviction: an object store has no disk to fill on this machine; expire
  old audio with a bucket lifecycle rule if wanted (it is rendered again on request).

The per-key locks and the render log stay on this machine's disk (`folder`): they keep this
machine's processes to one render per key; across machines the job queue does.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError, FlexibleChecksumError

from service.storage.audio_store import (AudioStore, ClosingCallsBack, StoreUnavailable, check_key, parse_sidecar,
                                         sidecar)
from service.storage.recent import Recent
from service.storage.space import AUDIO, StorageFull

# exists, stat and meta (what pages and feeds ask of every track) trust an answer this long; has
# (before any audio is sent) always asks afresh; open trusts the HEAD that has just made.
RECENT_S = 30.0
OPEN_TRUST_S = 5.0
FULL_CODES = {"XMinioStorageFull", "XMinioAdminBucketQuotaExceeded", "QuotaExceeded"}
MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


def parse_store_url(url: str) -> tuple[str, str]:
    """`s3://bucket/prefix` -> (bucket, "prefix/"); ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"NEWSREADER_AUDIO_STORE must be s3://bucket/prefix, not {url!r}")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def _missing(exc: ClientError) -> bool:
    return isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in MISSING_CODES


@contextlib.contextmanager
def store_errors():
    """botocore's errors as the service's: StorageFull, StoreUnavailable (missing keys are the
    caller's to catch first)."""
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if error.get("Code") in FULL_CODES or status == 507:
            raise StorageFull(AUDIO) from exc
        refusal = f"{error.get('Code')} {error.get('Message', '')}".strip()
        raise StoreUnavailable(f"the audio store refused: {refusal}") from exc
    except BotoCoreError as exc:
        raise StoreUnavailable(f"the audio store cannot be reached: {exc}") from exc


class S3Reader(ClosingCallsBack, io.RawIOBase):
    """One object version read lazily with ranged GETs: a seek costs nothing, the first read after
    it opens a GET from there to `limit` (the end unless a range said less). `on_close` runs once."""

    def __init__(self, client, bucket: str, name: str, head: dict, on_close=None):
        super().__init__()
        self._on_close = on_close
        self._client, self._bucket, self._name = client, bucket, name
        self.size, self.mtime = head["ContentLength"], head["LastModified"].timestamp()
        self._etag = head["ETag"]
        self._pos, self._end, self._body = 0, self.size, None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        pos = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence] + offset
        if pos != self._pos:
            self._drop_body()
            self._pos = max(0, pos)
        return self._pos

    def limit(self, stop: int) -> None:
        """Read no further than byte `stop` (exclusive)."""
        if stop != self._end:
            self._drop_body()
            self._end = min(stop, self.size)

    def readinto(self, buffer) -> int:
        if self._pos >= self._end:
            return 0
        if self._body is None:
            with store_errors():  # IfMatch: bytes of the version measured, never a newer one's
                self._body = self._client.get_object(Bucket=self._bucket, Key=self._name, IfMatch=self._etag,
                                                     Range=f"bytes={self._pos}-{self._end - 1}")["Body"]
        with store_errors():
            data = self._body.read(min(len(buffer), self._end - self._pos))
        if not data:
            raise StoreUnavailable(f"the audio store ended {self._name} at byte {self._pos} of {self.size}")
        buffer[:len(data)] = data
        self._pos += len(data)
        return len(data)

    def _drop_body(self) -> None:
        if self._body is not None:
            body, self._body = self._body, None
            body.close()

    def close(self) -> None:
        try:
            self._drop_body()
        finally:
            super().close()


class S3AudioStore(AudioStore):
    kind = "s3"
    max_bytes = 0  # no cap here: a bucket lifecycle rule expires objects, if wanted

    def __init__(self, url: str, folder: str):
        super().__init__(folder)
        self.bucket, self.prefix = parse_store_url(url)
        self._client, self._pid = None, None
        self._verified: dict[str, tuple] = {}  # key -> (ETag, size) whose bytes' hash matched
        self._recent = Recent(RECENT_S, 50_000)  # object name -> its HEAD, or its parsed sidecar

    def _s3(self):
        """This process's client: boto3 clients are thread-safe, but their connection pool must
        not cross a fork (gunicorn forks workers after importing the app)."""
        if self._client is None or self._pid != os.getpid():
            import boto3
            from botocore.config import Config

            config = Config(connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3})
            self._client, self._pid = boto3.session.Session().client("s3", config=config), os.getpid()
        return self._client

    # -- names
    def name(self, key: str, ext: str = "mp3") -> str:
        return f"{self.prefix}{check_key(key)}.{ext}"

    def url(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.name(key)}"

    # -- reading
    def _head(self, name: str, max_age: float = 0.0) -> dict | None:
        """The object's HEAD: a recent one if no older than max_age, else asked for afresh."""
        head = self._recent.get(name, max_age) if max_age else None
        if head is None:
            with store_errors():
                try:
                    head = self._s3().head_object(Bucket=self.bucket, Key=name)
                except ClientError as exc:
                    if not _missing(exc):
                        raise
            self._remember(name, head)
        return head

    def _remember(self, name: str, answer) -> None:
        if answer is None:
            self._recent.drop(name)
        else:
            self._recent.put(name, answer)

    def exists(self, key: str) -> bool:
        """Both objects are there, as recently seen (no content check)."""
        return self.meta(key) is not None and self._head(self.name(key), RECENT_S) is not None

    def meta(self, key: str, max_age: float = RECENT_S) -> dict | None:
        """The sidecar (as recently read), or None when it is missing or unreadable."""
        meta = self._recent.get(self.name(key, "json"), max_age) if max_age else None
        if meta is None:
            meta = self._read_sidecar(key)
            self._remember(self.name(key, "json"), meta)
        return meta

    def _read_sidecar(self, key: str) -> dict | None:
        with store_errors():
            try:
                raw = self._s3().get_object(Bucket=self.bucket, Key=self.name(key, "json"))["Body"].read()
            except ClientError as exc:
                if _missing(exc):
                    return None
                raise
        return parse_sidecar(raw)

    def has(self, key: str) -> bool:
        """The MP3 is whole: its length, its metadata's SHA-256 and (once per version in this
        process) its bytes' SHA-256 match its sidecar."""
        meta, head = self.meta(key, max_age=0), self._head(self.name(key))
        if meta is None or head is None or head["ContentLength"] != meta["mp3"].get("bytes"):
            return False
        if head.get("Metadata", {}).get("sha256") != meta["mp3"].get("sha256"):
            return False
        identity = (head["ETag"], head["ContentLength"])
        if self._verified.get(key) != identity:
            if self._digest(key, head["ETag"]) != meta["mp3"].get("sha256"):
                return False
            self._verified[key] = identity
        return True

    def _digest(self, key: str, etag: str) -> str | None:
        """The SHA-256 of the MP3's bytes; None when they fail the checksum the server keeps
        (botocore checks it as it reads)."""
        digest = hashlib.sha256()
        with store_errors():
            body = self._s3().get_object(Bucket=self.bucket, Key=self.name(key), IfMatch=etag)["Body"]
            try:
                for chunk in body.iter_chunks(1 << 16):
                    digest.update(chunk)
            except FlexibleChecksumError:
                return None
        return digest.hexdigest()

    def open(self, key: str, on_close=None) -> S3Reader:
        """The MP3 as a seekable binary file read from S3 (FileNotFoundError if missing; on_close
        is called then too)."""
        try:
            head = self._head(self.name(key), OPEN_TRUST_S)
            if head is None:
                raise FileNotFoundError(self.url(key))
        except BaseException:
            if on_close is not None:
                on_close()
            raise
        return S3Reader(self._s3(), self.bucket, self.name(key), head, on_close)

    def stat(self, key: str) -> tuple[int, float] | None:
        """(bytes, time written) of the MP3 as recently seen, or None if missing."""
        head = self._head(self.name(key), RECENT_S)
        return None if head is None else (head["ContentLength"], head["LastModified"].timestamp())

    def _objects(self):
        with store_errors():
            for page in self._s3().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
                yield from page.get("Contents", [])

    def keys(self) -> set[str]:
        """Keys with an MP3 stored."""
        names = (o["Key"][len(self.prefix):] for o in self._objects())
        return {n[:-4] for n in names if n.endswith(".mp3") and "/" not in n}

    def size(self) -> int:
        return sum(o["Size"] for o in self._objects())

    def health(self) -> dict:
        """For /healthz: the bucket answers (HEAD bucket)."""
        try:
            with store_errors():
                self._s3().head_bucket(Bucket=self.bucket)
        except (StoreUnavailable, StorageFull) as exc:
            return {"kind": self.kind, "bucket": self.bucket, "reachable": False, "error": str(exc)}
        return {"kind": self.kind, "bucket": self.bucket, "reachable": True}

    def touch(self, key: str) -> None:
        """Nothing: recency is the filesystem cap's; objects are expired by lifecycle rules."""

    # -- writing
    def write(self, key: str, data: bytes, meta: dict | None = None) -> str:
        """PUT the sidecar, then the MP3 (with Content-MD5 and the SHA-256 in its metadata); when
        the MP3's PUT fails, both are deleted again."""
        meta = sidecar(data, meta)
        self._forget(key)
        md5 = base64.b64encode(hashlib.md5(data).digest()).decode("ascii")
        s3 = self._s3()
        with store_errors():
            s3.put_object(Bucket=self.bucket, Key=self.name(key, "json"), ContentType="application/json",
                          Body=json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            try:
                s3.put_object(Bucket=self.bucket, Key=self.name(key), Body=data, ContentType="audio/mpeg",
                              ContentMD5=md5, Metadata={"sha256": meta["mp3"]["sha256"]})
            except BaseException:  # the server may have stored it all the same (a lost answer)
                for name in (self.name(key), self.name(key, "json")):
                    with contextlib.suppress(Exception):
                        s3.delete_object(Bucket=self.bucket, Key=name)
                raise
        return self.url(key)

    def discard(self, key: str) -> None:
        """Remove a key's objects, MP3 first (no MP3 without its sidecar); the caller holds its lock."""
        with store_errors():
            for name in (self.name(key), self.name(key, "json")):
                self._s3().delete_object(Bucket=self.bucket, Key=name)
        self._forget(key)

    def _forget(self, key: str) -> None:
        """What this process knew of a key's objects, before they change."""
        self._verified.pop(key, None)
        self._recent.drop(self.name(key))
        self._recent.drop(self.name(key, "json"))

    def evict(self, keep: set[str] = frozenset()) -> list[str]:
        """Nothing: see touch."""
        return []
