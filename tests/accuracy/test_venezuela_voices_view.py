"""The canonical example (../shared/data/venezuela-2017): whose voices each outlet quotes and
whose it leaves out (issue 4: "one outlet quotes Washington, Brussels, Paris and the
opposition; another Ottawa, Moscow, Havana, La Paz and Quito").

A voice is the speaker's affiliation when the report has one (Heather Nauert → United States),
else the speaker. Where an affiliation is still missing (Rafael Correa → Ecuador), the voice
counts as found when its speaker is the one named here, so these checks follow the linker's
affiliations without depending on each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Actor, Report

pytestmark = pytest.mark.accuracy

TRT = "TRT World"
VA = "venezuelanalysis.com"

# per outlet, the voices it quotes: each is (voice, speaker); either name may match
WASHINGTON_BRUSSELS_PARIS_OPPOSITION = [
    ("United States", "Heather Nauert"),
    ("European Union", "Federica Mogherini"),
    ("France", "France"),
    ("Democratic Unity Roundtable", "Gerardo Blyde"),
]
OTTAWA_MOSCOW_HAVANA_LA_PAZ_QUITO = [
    ("Canada", "Chrystia Freeland"),
    ("Russia", "Russian Foreign Ministry"),
    ("Cuba", "Raul Castro"),
    ("Bolivia", "Evo Morales"),
    ("Ecuador", "Rafael Correa"),
]


@pytest.fixture(scope="module")
def report(analyzed: Any, venezuela_files: list[Path]) -> Report:
    result: Report = analyzed(venezuela_files)
    return result


def article_id(report: Report, outlet: str) -> str:
    return next(a.id for a in report.articles if a.outlet == outlet)


def names(voice: Actor, speakers: tuple[Actor, ...]) -> set[str]:
    return {voice.name, *(s.name for s in speakers)}


def quoted(report: Report, outlet: str) -> dict[str, tuple[Actor, ...]]:
    """The outlet's quoted voices: voice name → its speakers."""
    return {v.voice.name: v.speakers for v in report.voices[article_id(report, outlet)].quoted}


def quotes_voice(report: Report, outlet: str, voice: str, speaker: str) -> bool:
    items = report.voices[article_id(report, outlet)].quoted
    return any({voice, speaker} & names(v.voice, v.speakers) for v in items)


def leaves_out(report: Report, outlet: str, voice: str, speaker: str, by: str) -> bool:
    items = report.voices[article_id(report, outlet)].left_out
    by_id = article_id(report, by)
    return any(
        {voice, speaker} & names(v.voice, v.speakers) and by_id in v.quoted_by for v in items
    )


def test_every_outlet_has_a_voices_entry(report: Report) -> None:
    assert list(report.voices) == [a.id for a in report.articles]


def test_trt_world_quotes_the_united_states_through_nauert(report: Report) -> None:
    speakers = quoted(report, TRT).get("United States", ())
    assert "Heather Nauert" in {s.name for s in speakers}, quoted(report, TRT)


@pytest.mark.parametrize(("voice", "speaker"), WASHINGTON_BRUSSELS_PARIS_OPPOSITION)
def test_trt_world_quotes_washington_brussels_paris_and_the_opposition(
    report: Report, voice: str, speaker: str
) -> None:
    assert quotes_voice(report, TRT, voice, speaker), quoted(report, TRT)


@pytest.mark.parametrize(("voice", "speaker"), OTTAWA_MOSCOW_HAVANA_LA_PAZ_QUITO)
def test_venezuelanalysis_quotes_ottawa_moscow_havana_la_paz_and_quito(
    report: Report, voice: str, speaker: str
) -> None:
    assert quotes_voice(report, VA, voice, speaker), quoted(report, VA)


@pytest.mark.parametrize(
    ("voice", "speaker"),
    [
        ("Canada", "Chrystia Freeland"),
        ("Russia", "Russian Foreign Ministry"),
        ("Cuba", "Raul Castro"),
        ("Bolivia", "Evo Morales"),
    ],
)
def test_venezuelanalysis_names_governments_by_their_country(
    report: Report, voice: str, speaker: str
) -> None:
    """The people and bodies the text ties to a country speak for it."""
    speakers = quoted(report, VA).get(voice, ())
    assert speaker in {s.name for s in speakers}, quoted(report, VA)


@pytest.mark.parametrize(("voice", "speaker"), OTTAWA_MOSCOW_HAVANA_LA_PAZ_QUITO)
def test_trt_world_leaves_out_what_venezuelanalysis_quotes(
    report: Report, voice: str, speaker: str
) -> None:
    assert leaves_out(report, TRT, voice, speaker, by=VA)


@pytest.mark.parametrize(
    ("voice", "speaker"),
    [
        ("United States", "Heather Nauert"),
        ("France", "France"),
        ("Democratic Unity Roundtable", "Gerardo Blyde"),
    ],
)
def test_venezuelanalysis_leaves_out_washington_paris_and_the_opposition(
    report: Report, voice: str, speaker: str
) -> None:
    assert leaves_out(report, VA, voice, speaker, by=TRT)


def test_a_voice_several_outlets_quote_ranks_first_among_those_left_out(report: Report) -> None:
    for voices in report.voices.values():
        ranks = [len(v.quoted_by) for v in voices.left_out]
        assert ranks == sorted(ranks, reverse=True)
