"""Decode MP3 bytes for real (miniaudio bundles dr_mp3) and measure them."""
from __future__ import annotations

from dataclasses import dataclass

import miniaudio


@dataclass
class Decoded:
    sample_rate: int
    channels: int
    frames: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def decode_mp3(data: bytes) -> Decoded:
    info = miniaudio.mp3_get_info(data)  # the stream's own rate and channels, not a conversion
    sound = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16,
                             nchannels=info.nchannels, sample_rate=info.sample_rate)
    return Decoded(sound.sample_rate, sound.nchannels, sound.num_frames)


def expected_seconds(text: str, rate_wpm: int) -> float:
    return len(text.split()) / rate_wpm * 60
