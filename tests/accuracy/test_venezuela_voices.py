"""The canonical example (../shared/data/venezuela-2017): the reactions and the timeline a
reader must see (issue 4 acceptance).

Stances are merged across outlets, so each (actor, stance) appears once with every outlet
that reports it. A government counts as its country where the text names one: by the actor's
own name ("Cuba"), or by the country its linked entity is affiliated with ("Bolivian
President Evo Morales" → Bolivia).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Report, Stance

pytestmark = pytest.mark.accuracy


@pytest.fixture(scope="module")
def report(analyzed: Any, venezuela_files: list[Path]) -> Report:
    result: Report = analyzed(venezuela_files)
    return result


def names(report: Report, stance: Stance) -> set[str]:
    """The actor's name, its linked entity's name and the name of what it is affiliated with."""
    entities = {e.id: e for e in report.entities}
    found = {stance.actor.name}
    entity = entities.get(stance.actor.entity or "")
    if entity is not None:
        found.add(entity.name)
        if entity.affiliation in entities:
            found.add(entities[entity.affiliation].name)
    return found


def stances(report: Report, who: str, kind: str) -> list[Stance]:
    return [s for s in report.stances if s.stance == kind and who in names(report, s)]


def opposition(report: Report, stance: Stance) -> bool:
    return any(
        "opposition" in name.lower() or name == "Democratic Unity Roundtable"
        for name in names(report, stance)
    )


@pytest.mark.parametrize(
    ("who", "kind"),
    [
        ("United States", "condemn"),
        ("France", "concern"),
        ("Canada", "condemn"),
        ("Russia", "support"),
        ("Cuba", "congratulate"),
        ("Bolivia", "congratulate"),
    ],
)
def test_reaction_of_a_government(report: Report, who: str, kind: str) -> None:
    assert stances(report, who, kind), sorted((s.actor.name, s.stance) for s in report.stances)


def test_spain_moves_toward_sanctions(report: Report) -> None:
    assert any("sanction" in s.target for s in stances(report, "Spain", "demand"))


def test_eu_ministers_move_toward_sanctions(report: Report) -> None:
    ministers = [
        s
        for s in report.stances
        if s.stance == "demand"
        and "minister" in s.actor.name.lower()
        and "europe" in s.actor.name.lower()
    ]
    assert any("sanction" in s.target for s in ministers)


def test_lima_group_demands_an_audit(report: Report) -> None:
    assert any("audit" in s.target for s in stances(report, "Lima Group", "demand"))


def test_opposition_rejects_and_demands_a_recount(report: Report) -> None:
    theirs = [s for s in report.stances if opposition(report, s)]
    assert any(s.stance == "reject" for s in theirs)
    assert any(s.stance == "demand" and "recount" in s.target for s in theirs)


def test_maduro_demands_a_full_audit_in_two_outlets(report: Report) -> None:
    [audit] = [s for s in stances(report, "Nicolas Maduro", "demand") if "audit" in s.target]
    assert len(audit.articles) == 2  # merged across outlets
    assert "100" in audit.target


def dated(report: Report, day: str) -> list[str]:
    return [e.event for e in report.timeline if e.date == day and e.precision == "day"]


def test_timeline_puts_the_vote_on_sunday_the_15th(report: Report) -> None:
    assert any("election" in label or "vote" in label for label in dated(report, "2017-10-15"))


def test_timeline_puts_the_us_condemnation_on_the_16th(report: Report) -> None:
    assert any(
        "condemn" in label and ("United States" in label or "US" in label.split())
        for label in dated(report, "2017-10-16")
    )


def test_timeline_puts_canada_s_statement_on_the_17th(report: Report) -> None:
    assert any("Canada" in label for label in dated(report, "2017-10-17"))


def test_timeline_puts_the_lima_group_meeting_on_the_26th(report: Report) -> None:
    assert any("Lima Group" in label and "meet" in label for label in dated(report, "2017-10-26"))


# the opening words of each direct quote (as many as tell it apart) and who says it
DIRECT_QUOTES = {
    "We condemn the lack": "Heather Nauert",
    "We’ve asked our candidates": "Gerardo Blyde",
    "Neither the Venezuelan people": "Gerardo Blyde",
    "Sunday’s elections were characterized": "Chrystia Freeland",
    "very concerned by yesterday": "Chrystia Freeland",
    "The population demonstrated": "Russian Foreign Ministry",
    "Given this, the opposition": "Russian Foreign Ministry",
    "The counter-productiveness": "Russian Foreign Ministry",
    "Dear Nicolas": "Raul Castro",
    "In Venezuela, peace triumphed": "Evo Morales",
    "As we have absolute faith": "Nicolas Maduro",
    "There has not been a single incident": "Nicolas Maduro",
    "At this moment we don’t recognise": "Gerardo Blyde",
    "We’re going to fight": "Gerardo Blyde",
    "We have already alerted": "Gerardo Blyde",
    "A triumphant victory": "Nicolas Maduro",
    "Democracy has won": "Evo Morales",
    "One of the best electoral processes": "Alfredo Arevalo",
}


@pytest.mark.parametrize(("opening", "speaker"), sorted(DIRECT_QUOTES.items()))
def test_direct_quote_has_its_speaker(report: Report, opening: str, speaker: str) -> None:
    found = [q for q in report.quotes if q.direct and q.span.text.startswith(opening)]
    assert found, f"no direct quote opens with {opening!r}"
    assert {q.speaker.name if q.speaker else None for q in found} == {speaker}


def test_mogherini_s_words_in_two_outlets_are_one_statement_each(report: Report) -> None:
    mogherini = [q for q in report.quotes if q.speaker and q.speaker.name == "Federica Mogherini"]
    by_statement: dict[str, set[str]] = {}
    for quote in mogherini:
        by_statement.setdefault(quote.statement, set()).add(quote.span.article)
    assert sum(1 for articles in by_statement.values() if len(articles) == 2) == 2
