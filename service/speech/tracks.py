"""What is spoken, and rendering it once into the cache with its timing.

A Track is one audio file: a section, or the whole article (index -1: the title, then every
section, with pauses between). Its cache key hashes everything that changes the sound, so the
file behind a published URL never changes. Rendering takes the key's lock, so concurrent
requests in any thread or process cause one synthesis; the others find the file done.

The same render writes the timing beside the MP3: pieces are laid end to end (speech, then the
piece's pause) and each piece's offset on that timeline (plus the MP3 coder's delay) places its
sentence cues (WebVTT) and, in the whole-article file, the chapters, so transcript, chapters and
the player's section starts all come from one set of offsets.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

from service.models import Article, Section
from service.speech import encode
from service.speech.chapters import Chapter, podcast_chapters, with_chapters
from service.speech.engine import ENGINE_VERSION, Speech
from service.speech.timing import MP3_DELAY_S, SpokenText, piece_cues, to_webvtt
from service.storage.cache import AudioCache, cache_key

WHOLE = -1
PIECE_PAUSE_MS = 600  # after a heading, between the title and the byline
SECTION_PAUSE_MS = 1200  # between sections of the whole-article file


@dataclass
class Piece:
    """A stretch spoken in one synthesis call, then `pause_ms` of silence."""

    text: SpokenText  # as written (the transcript's text) and as eSpeak is given it
    pause_ms: int
    section: int | None = None  # whole article: this piece starts section `section`'s chapter

    @property
    def spoken(self) -> str:
        return self.text.text


@dataclass
class Track:
    index: int
    key: str
    title: str
    pieces: list[Piece]
    chapter_titles: dict[int, str] | None = None  # whole article: section index -> heading


def _piece(written: str, pause_ms: int, language: str | None, section: int | None = None) -> Piece:
    return Piece(SpokenText(written, language), pause_ms, section)


def section_pieces(section: Section, language: str | None) -> list[Piece]:
    written = [(section.heading, PIECE_PAUSE_MS)] if section.own_heading else []
    written += [(p, 0) for p in section.paragraphs if p.strip()]
    return [_piece(text, pause, language) for text, pause in written]


def speakable(text: str, language: str | None) -> str:
    """Written news to what should be said ("Jan. 23" -> "January twenty-third")."""
    return SpokenText(text, language).text


def plan_tracks(article: Article, voice: str, rate: int) -> list[Track]:
    """One track per section, then the whole article."""
    lang = article.language

    def key(pieces: list[Piece]) -> str:
        return cache_key(pieces=[(p.spoken, p.pause_ms) for p in pieces], voice=voice, rate=rate,
                         engine=ENGINE_VERSION, encoder=encode.ENCODER_VERSION)

    tracks = []
    whole = [_piece(article.title, PIECE_PAUSE_MS, lang)]
    if article.byline:
        whole.append(_piece(f"By {article.byline}", SECTION_PAUSE_MS, lang))
    for i, section in enumerate(article.sections):
        pieces = section_pieces(section, lang)
        tracks.append(Track(i, key(pieces), f"{article.title}: {section.heading}", pieces))
        in_whole = [replace(p) for p in pieces]  # the same speech, its own pauses and marks
        in_whole[0].section, in_whole[-1].pause_ms = i, SECTION_PAUSE_MS
        whole += in_whole
    titles = {i: s.heading for i, s in enumerate(article.sections)}
    tracks.append(Track(WHOLE, key(whole), article.title, whole, titles))
    return tracks


class Renderer:
    """Renders tracks into an AudioCache with a synthesis pool, sharing speech between tracks."""

    def __init__(self, pool, cache: AudioCache, voice: str, rate: int, artist: str | None, album: str | None):
        self.pool, self.cache = pool, cache
        self.voice, self.rate = voice, rate
        self.artist, self.album = artist, album
        self._memo: dict[str, Speech] = {}

    def _speak(self, text: str) -> Speech:
        if text not in self._memo:
            self._memo[text] = self.pool.synthesize(text, voice=self.voice, rate=self.rate)
        return self._memo[text]

    def render(self, track: Track, wait: bool = True) -> float | None:
        """Make sure the track's file exists; return its duration in seconds. With wait=False,
        return None at once if another thread or process is rendering it."""
        if self.cache.has(track.key):
            return self.cache.meta(track.key)["duration_s"]
        with self.cache.lock(track.key, blocking=wait) as locked:
            if not locked:
                return None
            if self.cache.has(track.key):  # rendered while we waited for the lock
                return self.cache.meta(track.key)["duration_s"]
            began = time.monotonic()
            data, meta = self._make(track)
            self.cache.write(track.key, data, meta)
            self.cache.log_render(track.key, time.monotonic() - began, len(data))
            return meta["duration_s"]

    def _make(self, track: Track) -> tuple[bytes, dict]:
        """Synthesize and encode a track; its MP3 bytes and sidecar (duration, VTT, chapters)."""
        pcm, cues, starts, rate, samples = [], [], {}, 22050, 0
        for piece in track.pieces:
            speech = self._speak(piece.spoken)
            rate = speech.sample_rate or rate
            offset = samples / rate + MP3_DELAY_S
            if piece.section is not None:
                starts[piece.section] = offset
            speech_end = offset + len(speech.pcm) / 2 / rate
            cues += piece_cues(piece.text, speech.words, offset, speech_end, speech.pcm, rate)
            pcm.append(speech.pcm)
            pcm.append(encode.silence(piece.pause_ms, rate))
            samples += len(speech.pcm) // 2 + len(pcm[-1]) // 2
        data = encode.encode_mp3(b"".join(pcm), rate, track.title, self.artist, self.album)
        end = samples / rate + MP3_DELAY_S
        meta = {"duration_s": round(encode.mp3_duration(data), 3), "vtt": to_webvtt(cues)}
        if track.chapter_titles:
            chapters = _chapters(starts, track.chapter_titles, end)
            data = with_chapters(data, chapters, track.title)
            meta["chapters"] = podcast_chapters(chapters, track.title)
            meta["section_starts"] = {str(c.index): c.start_s for c in chapters}
        return data, meta


def _chapters(starts: dict[int, float], titles: dict[int, str], end_s: float) -> list[Chapter]:
    """A chapter per section from its start to the next section's (the last to the end)."""
    order = sorted(starts, key=starts.get)
    ends = [starts[i] for i in order[1:]] + [end_s]
    return [Chapter(i, titles[i], round(starts[i], 3), round(e, 3)) for i, e in zip(order, ends)]
