"""What is spoken, and rendering it once into the cache with its timing.

A Track is one audio file: a section, or the whole article (index -1: the title, then every
section, with pauses between). Its cache key hashes everything that changes the sound, so the
file behind a published URL never changes. Rendering takes the key's lock, so concurrent
requests in any thread or process cause one synthesis; the others find the file done.

A section is encoded as one MP3 stream per piece (service.speech.encode.encode_pieces: loudness
over the section, the streams in parallel). The whole article is not encoded again: it is the
title's and byline's own streams, then each section's frames exactly as in the section's file,
with frames of silence for the pause after it. Its bytes are the same whether a section's frames
come from this render, from the cache (the sidecar says which encoder made them) or are encoded
again in memory: each is a function of the section's pieces.

The same render writes the timing beside the MP3: each piece's offset is counted in frames (see
encode.py) plus the MP3 coder's delay, and places its sentence cues (WebVTT); in the whole
article a section's cues (kept in its sidecar) move by the frames before it, and its chapter
starts there, so transcript, chapters and the player's section starts come from one set of
offsets.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace

from service import metrics
from service.articles.segment import split_sentences
from service.i18n import catalogue
from service.models import Article, Section
from service.speech import encode
from service.speech.chapters import Chapter, podcast_chapters, with_chapters
from service.speech.engine import ENGINE_VERSION, Speech
from service.speech.pauses import scaled_pause_ms, sentence_pause_ms
from service.speech.pronounce import Entry
from service.speech.timing import MP3_DELAY_S, Cue, SpokenText, piece_cues, to_webvtt
from service.storage.cache import AudioCache, cache_key

WHOLE = -1
# bump when the whole article's chapter frames change (they are in its bytes): 2, the first
# chapter holds the title and byline
CHAPTER_LAYOUT = 2
# at 175 words a minute; shorter at faster rates (service.speech.pauses)
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
    sections: list["Track"] | None = None  # whole article: the section tracks, in order


@dataclass
class Encoded:
    """A section's audio as its file holds it, with what the whole article needs to reuse it."""

    audio: bytes  # MPEG frames, no tags
    frames: int
    gap_samples: int  # from the end of its last speech to a stream that would follow (44.1 kHz)
    cues: list[Cue]  # on its own timeline


def _piece(written: str, pause_ms: int, language: str | None, entries: list[Entry] = ()) -> Piece:
    return Piece(SpokenText(written, language, entries), pause_ms)


def section_pieces(section: Section, language: str | None, rate: int, entries: list[Entry] = ()) -> list[Piece]:
    written = [(section.heading, scaled_pause_ms(PIECE_PAUSE_MS, rate))] if section.own_heading else []
    paragraphs = [p for p in section.paragraphs if p.strip()]
    apart = sentence_pause_ms(rate)
    if apart is None:
        written += [(p, 0) for p in paragraphs]
    else:  # at fast rates each sentence alone, with a pause eSpeak would no longer make
        written += [(s, apart) for p in paragraphs for s in split_sentences(p)]
        if paragraphs:
            written[-1] = (written[-1][0], 0)  # the section's end: the file ends with its speech
    return [_piece(text, pause, language, entries) for text, pause in written]


def speakable(text: str, language: str | None) -> str:
    """Written news to what should be said ("Jan. 23" -> "January twenty-third")."""
    return SpokenText(text, language).text


def plan_tracks(article: Article, voice: str, rate: int, entries: list[Entry] = ()) -> list[Track]:
    """One track per section, then the whole article. `entries` (the pronunciation dictionary)
    change the spoken text, and so the key, of the sections they match, and of no other."""
    lang = article.language

    def key(pieces: list[Piece], **more) -> str:
        return cache_key(pieces=[(p.spoken, p.pause_ms) for p in pieces], voice=voice, rate=rate,
                         engine=ENGINE_VERSION, encoder=encode.ENCODER_VERSION, **more)

    tracks = []
    piece_pause, section_pause = scaled_pause_ms(PIECE_PAUSE_MS, rate), scaled_pause_ms(SECTION_PAUSE_MS, rate)
    # a page with no title of its own has only a label made from its lead: said first, the
    # listener would hear the lead twice
    whole = [_piece(article.title, piece_pause, lang, entries)] if article.title_found else []
    if article.byline:
        # "By" in the article's language, as the page prints it (the German voice says "Von")
        whole.append(_piece(catalogue(lang).format("by", byline=article.byline), section_pause, lang, entries))
    for i, section in enumerate(article.sections):
        pieces = section_pieces(section, lang, rate, entries)
        tracks.append(Track(i, key(pieces), f"{article.title}: {section.heading}", pieces))
        in_whole = [replace(p) for p in pieces]  # the same speech, its own pauses and marks
        in_whole[0].section, in_whole[-1].pause_ms = i, section_pause
        whole += in_whole
    titles = {i: s.heading for i, s in enumerate(article.sections)}
    # the chapter titles and layout are in the whole file's bytes too, so in its key
    chapters = {"titles": [titles[i] for i in sorted(titles)], "layout": CHAPTER_LAYOUT}
    tracks.append(Track(WHOLE, key(whole, chapters=chapters), article.title, whole, titles,
                        sections=list(tracks)))
    return tracks


class Renderer:
    """Renders tracks into an AudioCache with a synthesis pool. Given the tracks it is about to
    render (`follow`), it synthesizes the next track's speech while it encodes the current one:
    the synthesis runs in a worker process, the encoding here, so on two cores they overlap."""

    def __init__(self, pool, cache: AudioCache, voice: str, rate: int, artist: str | None, album: str | None):
        self.pool, self.cache = pool, cache
        self.voice, self.rate = voice, rate
        self.artist, self.album = artist, album
        self._memo: dict[tuple[str, ...], list[Speech] | Future] = {}
        self._encoded: dict[str, Encoded] = {}  # section key -> its frames, for the whole article
        self._plan: list[Track] = []

    def follow(self, tracks: list[Track]) -> None:
        """The tracks about to be rendered, in this order."""
        self._plan = list(tracks)

    def _speak(self, pieces: list[Piece]) -> list[Speech]:
        """The pieces' speech, from one synthesis job (see SynthesisPool.synthesize_many)."""
        texts = tuple(p.spoken for p in pieces)
        got = self._memo.get(texts)
        if got is None:
            got = self._memo[texts] = self.pool.synthesize_many(list(texts), voice=self.voice, rate=self.rate)
        elif isinstance(got, Future):
            try:
                got = self._memo[texts] = got.result()
            except BaseException:
                del self._memo[texts]  # the error is this render's; a later one tries afresh
                raise
        return got

    def _speak_next(self, track: Track) -> None:
        """Start synthesizing the speech of the track after `track` (if it is to be rendered here:
        not in the cache, nobody rendering it), in a thread."""
        at = next((i for i, t in enumerate(self._plan) if t is track), None)
        if at is None or at + 1 >= len(self._plan):
            return
        following = self._plan[at + 1]
        texts = tuple(p.spoken for p in _spoken_pieces(following))
        if not texts or texts in self._memo or self.cache.has(following.key):
            return
        fd = self.cache.acquire(following.key, blocking=False)
        if fd is None:  # another thread or process is rendering it
            return
        self.cache.release(fd)
        future: Future = Future()
        self._memo[texts] = future

        def speak() -> None:
            try:
                future.set_result(self.pool.synthesize_many(list(texts), voice=self.voice, rate=self.rate))
            except BaseException as exc:  # handed to the render that needs it
                future.set_exception(exc)

        threading.Thread(target=speak, name="speak-ahead", daemon=True).start()

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
            metrics.synthesis_done("article" if track.index == WHOLE else "section")
            return meta["duration_s"]

    def _make(self, track: Track) -> tuple[bytes, dict]:
        """Synthesize and encode a track; its MP3 bytes and sidecar (duration, VTT, chapters)."""
        self._speak(_spoken_pieces(track))  # this track's speech, then the next one's meanwhile
        self._speak_next(track)
        if track.sections is not None:
            return self._make_whole(track)
        encoded = self._encode(track.pieces)
        self._encoded[track.key] = encoded
        data = encode.tagged(encoded.audio, track.title, self.artist, self.album)
        meta = {"duration_s": round(encode.mp3_duration(data), 3), "vtt": to_webvtt(encoded.cues),
                "cues": [[c.start_s, c.end_s, c.text] for c in encoded.cues],
                "stream": {"encoder": encode.ENCODER_VERSION, "frames": encoded.frames,
                           "gap_samples": encoded.gap_samples}}
        return data, meta

    def _encode(self, pieces: list[Piece]) -> Encoded:
        """Pieces -> one stream each, and their cues on the timeline of a file they start."""
        if not pieces:  # a section with nothing to say: two frames of silence (readers sync on two)
            return Encoded(encode.silent_stream(2).data, 2, 2 * encode.FRAME_SAMPLES, [])
        speech = self._speak(pieces)
        streams = encode.encode_pieces([(s.pcm, p.pause_ms) for s, p in zip(speech, pieces)], _RATE)
        cues, frames = [], 0
        for piece, said, stream in zip(pieces, speech, streams):
            offset = _seconds(frames) + MP3_DELAY_S
            speech_end = offset + len(said.pcm) / 2 / _RATE
            cues += piece_cues(piece.text, said.words, offset, speech_end, said.pcm, _RATE)
            frames += stream.frames
        return Encoded(b"".join(s.data for s in streams), frames, streams[-1].gap_samples, cues)

    def _section(self, track: Track) -> Encoded:
        """A section's frames: from this render, else from its cached file when this encoder made
        it, else encoded again (not written: a file made by another encoder keeps its bytes)."""
        if track.key in self._encoded:
            return self._encoded[track.key]
        fd = self.cache.acquire(track.key, shared=True)  # an eviction waits for us
        try:
            meta = self.cache.meta(track.key) if self.cache.has(track.key) else None
            stream = (meta or {}).get("stream") or {}
            if stream.get("encoder") == encode.ENCODER_VERSION and "cues" in meta:
                audio = encode.audio_frames(self.cache.read(track.key))
                if encode.count_frames(audio) == stream["frames"]:
                    cues = [Cue(start, end, text) for start, end, text in meta["cues"]]
                    return Encoded(audio, stream["frames"], stream["gap_samples"], cues)
        finally:
            self.cache.release(fd)
        return self._encode(track.pieces)

    def _make_whole(self, track: Track) -> tuple[bytes, dict]:
        """The title's (and byline's) streams, then every section's frames and a pause."""
        intro = self._encode(_spoken_pieces(track))
        parts, frames, cues, starts = [intro.audio], intro.frames, list(intro.cues), {}
        pause = encode.OUT_SAMPLE_RATE * scaled_pause_ms(SECTION_PAUSE_MS, self.rate) // 1000
        for section in track.sections:
            encoded = self._section(section)
            shift = _seconds(frames)
            starts[section.index] = shift + MP3_DELAY_S  # where its first piece starts
            cues += [Cue(round(c.start_s + shift, 3), round(c.end_s + shift, 3), c.text) for c in encoded.cues]
            parts.append(encoded.audio)
            frames += encoded.frames
            silent = round((pause - encoded.gap_samples) / encode.FRAME_SAMPLES)
            if silent > 0:
                parts.append(encode.silent_stream(silent).data)
                frames += silent
        data = encode.tagged(b"".join(parts), track.title, self.artist, self.album)
        meta = {"duration_s": round(encode.mp3_duration(data), 3), "vtt": to_webvtt(cues)}
        chapters = _chapters(starts, track.chapter_titles or {}, _seconds(frames))
        if chapters:
            data = with_chapters(data, chapters, track.title)
            meta["chapters"] = podcast_chapters(chapters, track.title)
            meta["section_starts"] = {str(i): round(start, 3) for i, start in starts.items()}
        return data, meta


_RATE = 22050  # eSpeak NG's (encode_pieces refuses anything else)


def _spoken_pieces(track: Track) -> list[Piece]:
    """What rendering the track synthesizes: a section's pieces; for the whole article, those
    before the first section (title, byline): the sections' audio is reused."""
    if track.sections is None:
        return track.pieces
    first = next((i for i, p in enumerate(track.pieces) if p.section is not None), len(track.pieces))
    return track.pieces[:first]


def _seconds(frames: int) -> float:
    return frames * encode.FRAME_SAMPLES / encode.OUT_SAMPLE_RATE


def _chapters(starts: dict[int, float], titles: dict[int, str], end_s: float) -> list[Chapter]:
    """A chapter per section from its start to the next section's (the last to the end). The
    first starts at 0: the title and byline belong to it, so a chapter list never opens on
    seconds that no chapter holds."""
    order = sorted(starts, key=starts.get)
    begins = [0.0] + [starts[i] for i in order[1:]]
    ends = begins[1:] + [end_s]
    return [Chapter(i, titles[i], round(b, 3), round(e, 3)) for i, b, e in zip(order, begins, ends)]
