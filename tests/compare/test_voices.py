"""Whose voices each article quotes and whose it leaves out, on a small fictional event.

Three fictional outlets report a strike at the port of Port Avel. The mayor's spokesman speaks
for the city (an affiliation), the union leader speaks for herself (no affiliation), "local
traders" are a speaker no entity holds, and one quote has no speaker at all.
"""

from __future__ import annotations

import dataclasses

import pytest

from rashomon.compare.voices import find_voices
from rashomon.model import (
    Actor,
    Article,
    Entity,
    LeftOutVoice,
    Quote,
    QuotedVoice,
    Report,
    Span,
    Speaker,
    Voices,
)
from rashomon.render.json import validate
from rashomon.verify import problems

HERALD = (
    "Dockers walked out in Port Avel on Monday. “We will not back down,” said union leader "
    "Mara Quist. City spokesman Olin Brask said talks would resume. Quist said the offer was "
    "an insult. “Nobody wins a long strike,” a banner read."
)
COURIER = (
    "Local traders said the strike was costing them dearly. Olin Brask said the city wanted "
    "a deal. “The port must reopen,” Brask said."
)
GAZETTE = "Mara Quist said the dockers would march on Friday. Local Traders said sales fell."

ARTICLES = (
    Article("a1", HERALD, "The Herald"),
    Article("a2", COURIER, "The Courier"),
    Article("a3", GAZETTE, "The Gazette"),
)
ENTITIES = (
    Entity("e1", "Port Avel", "GPE", (), None, ("a1",), ()),
    Entity("e2", "Mara Quist", "PERSON", ("Quist",), None, ("a1", "a3"), ()),
    Entity("e3", "Olin Brask", "PERSON", ("Brask",), "e1", ("a1", "a2"), ()),
)


def span(article: Article, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(needle, start + 1)
    return Span(article.id, start, start + len(needle), needle)


def quote(
    number: int, article: Article, words: str, who: str | None, entity: str | None, name: str = ""
) -> Quote:
    speaker = None
    if who is not None:
        speaker = Speaker(entity, name or who, span(article, who))
    found = span(article, words)
    return Quote(f"q{number}", found, (found,), words[0].isupper(), None, speaker, f"t{number}")


a1, a2, a3 = ARTICLES
QUOTES = (
    quote(1, a1, "We will not back down,", "Mara Quist", "e2"),
    quote(2, a1, "talks would resume", "Olin Brask", "e3"),
    quote(3, a1, "the offer was an insult", "Quist", "e2", "Mara Quist"),
    quote(4, a1, "Nobody wins a long strike,", None, None),
    quote(5, a2, "the strike was costing them dearly", "Local traders", None),
    quote(6, a2, "the city wanted a deal", "Olin Brask", "e3"),
    quote(7, a2, "The port must reopen,", "Brask", "e3", "Olin Brask"),
    quote(8, a3, "the dockers would march on Friday", "Mara Quist", "e2"),
    quote(9, a3, "sales fell", "Local Traders", None),
)

CITY = Actor("e1", "Port Avel")
QUIST = Actor("e2", "Mara Quist")
BRASK = Actor("e3", "Olin Brask")
TRADERS = Actor(None, "Local traders")


@pytest.fixture
def voices() -> dict[str, Voices]:
    return find_voices(ARTICLES, QUOTES, ENTITIES)


def test_voices_fixture_spans_verify() -> None:
    for q in QUOTES:
        text = next(a.text for a in ARTICLES if a.id == q.span.article)
        assert text[q.span.start : q.span.end] == q.span.text


def test_voices_every_article_has_an_entry_in_report_order(voices: dict[str, Voices]) -> None:
    assert list(voices) == ["a1", "a2", "a3"]


def test_voices_an_affiliated_speaker_speaks_for_the_party(voices: dict[str, Voices]) -> None:
    city = next(v for v in voices["a2"].quoted if v.voice == CITY)
    assert city == QuotedVoice(CITY, (BRASK,), ("q6", "q7"))


def test_voices_an_unaffiliated_speaker_is_its_own_voice(voices: dict[str, Voices]) -> None:
    assert voices["a1"].quoted[0] == QuotedVoice(QUIST, (QUIST,), ("q1", "q3"))


def test_voices_quoted_voices_come_most_quoted_first(voices: dict[str, Voices]) -> None:
    assert [v.voice for v in voices["a1"].quoted] == [QUIST, CITY]
    assert [v.voice for v in voices["a2"].quoted] == [CITY, TRADERS]


def test_voices_a_quote_without_speaker_is_no_voice(voices: dict[str, Voices]) -> None:
    every = [q for v in voices.values() for item in v.quoted for q in item.quotes]
    assert "q4" not in every
    assert sorted(every, key=lambda q: int(q[1:])) == [f"q{n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)]


def test_voices_an_unresolved_name_is_a_voice_whatever_its_case(
    voices: dict[str, Voices],
) -> None:
    # "Local traders" (the Courier) and "Local Traders" (the Gazette) are one voice
    assert voices["a3"].quoted[1] == QuotedVoice(TRADERS, (Actor(None, "Local Traders"),), ("q9",))
    assert voices["a1"].left_out == (LeftOutVoice(TRADERS, (TRADERS,), ("a2", "a3"), ("q5", "q9")),)


def test_voices_left_out_is_what_only_the_others_quote(voices: dict[str, Voices]) -> None:
    assert voices["a2"].left_out == (
        LeftOutVoice(QUIST, (QUIST,), ("a1", "a3"), ("q1", "q3", "q8")),
    )
    assert voices["a3"].left_out == (
        LeftOutVoice(CITY, (BRASK,), ("a1", "a2"), ("q2", "q6", "q7")),
    )


def test_voices_left_out_ranked_by_outlets_then_quotes_then_first_seen() -> None:
    dock = Article("a4", "Renn said no. Renn said never. Renn said stop.", "Dock Weekly")
    lone = Article("a5", "Nobody is quoted here.", "The Lone Voice")
    renn = Entity("e4", "Ivo Renn", "PERSON", ("Renn",), None, ("a4",), ())
    extra = tuple(
        Quote(f"q{10 + n}", s, (s,), False, None, Speaker("e4", "Ivo Renn", s), f"t{10 + n}")
        for n, s in enumerate(span(dock, word) for word in ("no", "never", "stop"))
    )
    found = find_voices((*ARTICLES, dock, lone), QUOTES + extra, (*ENTITIES, renn))
    ranked = [(v.voice.name, len(v.quoted_by), len(v.quotes)) for v in found["a5"].left_out]
    assert ranked == [
        ("Mara Quist", 2, 3),  # ties with the city, and is quoted first
        ("Port Avel", 2, 3),
        ("Local traders", 2, 2),
        ("Ivo Renn", 1, 3),  # more quotes, fewer outlets
    ]


def test_voices_speakers_are_those_of_the_article() -> None:
    courier = Article("a2", COURIER + " City treasurer Ana Vell said the budget was tight.", "C")
    vell = Entity("e4", "Ana Vell", "PERSON", (), "e1", ("a2",), ())
    extra = quote(10, courier, "the budget was tight", "Ana Vell", "e4")
    found = find_voices((a1, courier, a3), (*QUOTES, extra), (*ENTITIES, vell))
    vell_actor = Actor("e4", "Ana Vell")
    assert found["a1"].quoted[1] == QuotedVoice(CITY, (BRASK,), ("q2",))
    assert found["a2"].quoted[0] == QuotedVoice(CITY, (BRASK, vell_actor), ("q6", "q7", "q10"))
    assert found["a3"].left_out[0].speakers == (BRASK, vell_actor)


def test_voices_a_dangling_affiliation_falls_back_to_the_speaker() -> None:
    entities = (ENTITIES[0], ENTITIES[1], dataclasses.replace(ENTITIES[2], affiliation="e99"))
    found = find_voices(ARTICLES, QUOTES, entities)
    assert {v.voice for v in found["a2"].quoted} == {BRASK, TRADERS}


def test_voices_one_article_leaves_nothing_out() -> None:
    found = find_voices(ARTICLES[:1], QUOTES[:4], ENTITIES)
    assert found["a1"].left_out == ()


def test_voices_report_json_validates_and_references_resolve(voices: dict[str, Voices]) -> None:
    report = Report(
        generator={
            "name": "rashomon",
            "version": "0",
            "models": {"spacy": "x", "encoder": "y"},
            "settings": {},
        },
        articles=ARTICLES,
        entities=ENTITIES,
        quotes=QUOTES,
        voices=voices,
    )
    data = report.to_dict()
    validate(data)
    assert problems(data) == []
    assert data["voices"]["a3"]["left_out"][0] == {
        "voice": {"entity": "e1", "name": "Port Avel"},
        "speakers": [{"entity": "e3", "name": "Olin Brask"}],
        "quoted_by": ["a1", "a2"],
        "quotes": ["q2", "q6", "q7"],
    }


def test_voices_verify_catches_a_voice_quoted_by_the_article_itself(
    voices: dict[str, Voices],
) -> None:
    bad = dict(voices)
    bad["a3"] = Voices(
        voices["a3"].quoted, (LeftOutVoice(QUIST, (QUIST,), ("a3",), ("q8", "q42")),)
    )
    report = Report(generator={}, articles=ARTICLES, entities=ENTITIES, quotes=QUOTES, voices=bad)
    found = problems(report.to_dict())
    assert any("quoted by a3 itself" in p for p in found)
    assert any("'q42' is not among the quotes" in p for p in found)
