"""Property tests for the normalizer: any string in, a string out, never an exception, and
the span map always describes the rewrite exactly."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from service.speech.normalize import normalize, normalize_with_map, original_span

# Pieces that exercise the rules far more often than random text would.
TOKENS = ["Jan.", "Sept.", "March", "23", "23rd", "1958", "2017", "1,958", "$", "€", "£",
          "1.5", "billion", "m", "bn", "k", "km", "mph", "°F", "°", "-", "–", "/", ":", ".",
          ",", " ", "  ", "\n", "Sen.", "Gov.", "Dr.", "St.", "Mt.", "No.", "No", "#", "~",
          "D-", "R-", "Mass.", "N.Y.", "Calif.", "Miss.", "Pa.", "U.S.", "Inc.", "vs.", "v.",
          "e.g.", "Jr.", "II", "VIII", "War", "Henry", "1990s", "'90s", "-era", "98", "97",
          "555", "1234", "(202)", "12/25/1990", "3/4", "½", "2½", "24/7", "7:00", "a.m.",
          "pm", "https://", "www.", "example", ".com", "@", "NCAA", "IDs", "'s", "people",
          "The", "said", "Smith", "Main", "(", ")", "\"", "?", "!", "0", "00", "9", "x"]

news_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), news_text)


def _check_spans(text: str, spoken: str, spans) -> None:
    last_o = last_s = 0
    for o0, o1, s0, s1 in spans:
        assert last_o <= o0 <= o1 <= len(text)
        assert last_s <= s0 <= s1 <= len(spoken)
        # the gap before this span is copied unchanged
        assert text[last_o:o0] == spoken[last_s:s0]
        last_o, last_s = o1, s1
    assert text[last_o:] == spoken[last_s:]


@settings(max_examples=600, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_gives_a_string_and_an_exact_map(text):
    spoken, spans = normalize_with_map(text)
    assert isinstance(spoken, str)
    assert normalize(text) == spoken
    _check_spans(text, spoken, spans)


@settings(max_examples=300, deadline=None, database=None)
@given(news_text)
@example("Jan.12/25/1990\nm")  # a number and a unit or scale are never joined across a line
@example("$5\nbn")
def test_never_drops_sentence_punctuation_or_lines(text):
    spoken = normalize(text)
    assert spoken.count("\n") == text.count("\n")
    if not any(u in text for u in ("://", "www.", "@")):  # a URL's "?" is read out
        for ch in "?!":
            assert spoken.count(ch) == text.count(ch)


@settings(max_examples=300, deadline=None, database=None)
@given(news_text)
def test_original_span_stays_inside_the_text(text):
    spoken, spans = normalize_with_map(text)
    for a in range(0, len(spoken) + 1, 3):
        b = min(len(spoken), a + 5)
        o0, o1 = original_span(spans, a, b)
        assert 0 <= o0 <= o1 <= len(text)


@settings(max_examples=200, deadline=None, database=None)
@given(any_text, st.sampled_from(["fr", "de", "es-ES", "ru", "zh"]))
def test_other_languages_are_untouched(text, language):
    assert normalize(text, language=language) == text


@settings(max_examples=60, deadline=None, database=None)
@given(any_text)
def test_phoneme_helper_takes_any_text(text):
    from service.speech.phonemes import text_to_phonemes

    assert isinstance(text_to_phonemes(text), str)
    assert isinstance(text_to_phonemes(normalize(text)), str)
