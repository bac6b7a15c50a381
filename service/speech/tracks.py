"""What is spoken, and rendering it once into the cache.

A Track is one audio file: a section, or the whole article (index -1: the title, then every
section, with pauses between). Its cache key hashes everything that changes the sound, so the
file behind a published URL never changes. Rendering takes the key's lock, so concurrent
requests in any thread or process cause one synthesis; the others find the file done.
"""
from __future__ import annotations

from dataclasses import dataclass

from service.models import Article, Section
from service.speech import encode
from service.speech.engine import ENGINE_VERSION, Speech
from service.speech.normalize import normalize
from service.storage.cache import AudioCache, cache_key

WHOLE = -1
PIECE_PAUSE_MS = 600  # after a heading, between the title and the byline
SECTION_PAUSE_MS = 1200  # between sections of the whole-article file


@dataclass
class Track:
    index: int
    key: str
    title: str
    # Spoken pieces with the pause (ms) that follows each.
    pieces: list[tuple[str, int]]


def section_pieces(section: Section, language: str | None) -> list[tuple[str, int]]:
    pieces = [(section.heading, PIECE_PAUSE_MS)] if section.own_heading else []
    pieces += [(p, 0) for p in section.paragraphs if p.strip()]
    return [(speakable(text, language), pause) for text, pause in pieces]


def speakable(text: str, language: str | None) -> str:
    """Written news to what should be said ("Jan. 23" -> "January twenty-third")."""
    return " ".join(normalize(text, language or "en").split())


def plan_tracks(article: Article, voice: str, rate: int) -> list[Track]:
    """One track per section, then the whole article."""
    lang = article.language
    def key(pieces):
        return cache_key(pieces=pieces, voice=voice, rate=rate,
                         engine=ENGINE_VERSION, encoder=encode.ENCODER_VERSION)

    tracks = []
    whole = [(speakable(article.title, lang), PIECE_PAUSE_MS)]
    if article.byline:
        whole.append((speakable(f"By {article.byline}", lang), SECTION_PAUSE_MS))
    for i, section in enumerate(article.sections):
        pieces = section_pieces(section, lang)
        tracks.append(Track(i, key(pieces), f"{article.title}: {section.heading}", pieces))
        whole += pieces[:-1] + [(pieces[-1][0], SECTION_PAUSE_MS)]
    tracks.append(Track(WHOLE, key(whole), article.title, whole))
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

    def render(self, track: Track) -> float:
        """Make sure the track's file exists; return its duration in seconds."""
        with self.cache.lock(track.key):
            if self.cache.has(track.key):
                with open(self.cache.path(track.key), "rb") as f:
                    return encode.mp3_duration(f.read())
            pcm, rate = [], None
            for text, pause_ms in track.pieces:
                speech = self._speak(text)
                rate = speech.sample_rate
                pcm.append(speech.pcm)
                if pause_ms:
                    pcm.append(encode.silence(pause_ms, rate))
            data = encode.encode_mp3(b"".join(pcm), rate, track.title, self.artist, self.album)
            self.cache.write(track.key, data)
            return encode.mp3_duration(data)
