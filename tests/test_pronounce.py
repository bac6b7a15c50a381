"""The pronunciation dictionary applied to text (service/speech/pronounce.py), heard through real
eSpeak NG: what it speaks (its phoneme trace) changes where an entry matches, and only there."""
from __future__ import annotations

from service.speech.phonemes import spoken_phonemes
from service.speech.pronounce import Entry, said_with_map
from service.speech.timing import SpokenText

NGUYEN = Entry("Nguyen", "win")


def said(text: str, *entries: Entry, language: str = "en") -> str:
    return SpokenText(text, language, list(entries)).text


def test_a_respelling_changes_what_espeak_speaks():
    before = spoken_phonemes(said("I met Nguyen today."))
    after = spoken_phonemes(said("I met Nguyen today.", NGUYEN))
    assert "n'u:jEn" in before and "w'In" not in before
    assert "w'In" in after and "n'u:jEn" not in after


def test_phonemes_in_double_brackets_are_spoken_as_phonemes():
    entry = Entry("Nguyen", "[[w'In]]")
    assert spoken_phonemes(said("I met Nguyen today.", entry)) == spoken_phonemes("I met win today.")


def test_article_text_cannot_speak_phonemes():
    text = "The wiki markup [[w'In]] stays text."
    assert "w'In" not in spoken_phonemes(said(text))


def test_whole_word_by_default_anywhere_when_asked():
    assert said("Nguyens and Nguyen", NGUYEN) == "Nguyens and win"
    assert said("Nguyens", Entry("Nguyen", "win", whole_word=False)) == "wins"


def test_case_sensitive_or_not():
    assert said("NGUYEN spoke", NGUYEN) == "win spoke"
    assert said("NGUYEN spoke", Entry("Nguyen", "win", case_sensitive=True)) == "NGUYEN spoke"


def test_each_entry_keeps_its_own_word_and_case_rule_in_a_mixed_dictionary():
    # entries of one kind share a group in the matcher: no rule may leak to an entry of another
    entries = [Entry("Nguyen", "win"), Entry("Zhu", "joo", whole_word=False, case_sensitive=True),
               Entry("Li", "lee", case_sensitive=True), Entry("Xi", "shee", whole_word=False)]
    text = "Nguyens, NGUYEN, Zhus, ZHU, Li, li, Lis, XIs."
    assert said(text, *entries) == "Nguyens, win, joos, ZHU, lee, li, Lis, shees."


def test_per_language_or_every_language():
    german = Entry("Nguyen", "win", language="de")
    assert said("Nguyen", german, language="en") == "Nguyen"
    assert said("Nguyen", german, language="de-AT") == "win"
    assert said("Nguyen", NGUYEN, language="fr") == "win"


def test_a_phrase_wins_over_a_word_inside_it_and_spans_line_breaks():
    phrase = Entry("New York", "noo york")
    assert said("New\nYork and New shoes", phrase, Entry("New", "gnu")) == "noo york and gnu shoes"


def test_matches_the_written_form_before_normalization():
    # normalization would have made "nineteen" of the 19
    assert said("COVID-19 cases", Entry("COVID-19", "covid nineteen")) == "covid nineteen cases"


def test_the_text_around_a_match_is_normalized_and_maps_back():
    text = "On Jan. 3 Nguyen won."
    spoken = SpokenText(text, "en", [NGUYEN])
    assert spoken.text == "On January third win won."
    at = spoken.text.index("win")
    assert text[slice(*spoken.to_written(at, at + 3))] == "Nguyen"
    at = spoken.text.index("won")
    assert text[slice(*spoken.to_written(at, at + 3))] == "won"


def test_which_entries_matched():
    other = Entry("Dvořák", "vor zhak")
    _, _, matched = said_with_map("Nguyen and Nguyen", "en", [other, NGUYEN])
    assert matched == [NGUYEN]
    assert said_with_map("nothing here", "en", [other, NGUYEN])[2] == []


def test_the_words_around_a_match_keep_their_normalization_context():
    # "Mr." is read "Mister" only before a name: the entry's written form is still that name
    assert said("I met Mr. Nguyen on Jan. 3.", NGUYEN) == "I met Mister win on January third."


def test_spans_map_every_word_back_after_several_matches():
    text = "Mr. Nguyen met Nguyen on Jan. 3, 2020 and Dr. Nguyen."
    spoken = SpokenText(text, "en", [NGUYEN, Entry("met", "[[mEt]]")])
    for word, back in [("win", "Nguyen"), ("[[mEt]]", "met"), ("Doctor", "Dr.")]:
        at = spoken.text.index(word)
        assert text[slice(*spoken.to_written(at, at + len(word)))] == back
    at = spoken.text.rindex("win")
    assert spoken.to_written(at, at + 3) == (text.rindex("Nguyen"), text.rindex("Nguyen") + 6)


def test_touches_finds_only_texts_an_entry_would_change():
    from service.speech.pronounce import touches

    assert touches(["Title", "Councillor Nguyen spoke"], "en", [NGUYEN])
    assert not touches(["Title", "Nguyens spoke"], "en", [NGUYEN])  # whole word only
    assert not touches(["Nguyen"], "en", [Entry("Nguyen", "win", language="de")])
    assert not touches(["Nguyen"], "en", [])
