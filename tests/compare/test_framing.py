"""Labels for the same referent across outlets: label phrases, loose coreference, framing rows."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from datapaths import extracted
from rashomon.compare.framing import find_framing
from rashomon.compare.labels import cluster_mentions
from rashomon.extract.labels import head_token, label_spans
from rashomon.link.entities import EntityIndex, link_entities
from rashomon.model import Article, Extraction, Span


class StubEncoder:
    """Unit vectors from a few fixed word senses (a riot is a protest, ...), so that tests of
    the clustering do not depend on a model; any other word gets a direction of its own and
    half the weight, as a modifier weighs less than a head noun."""

    name = "stub"
    SENSES: ClassVar[dict[str, int]] = {"protest": 0, "riot": 0, "opposition": 1, "claim": 2}
    DIMENSIONS = 4096

    def encode(self, texts: Sequence[str]) -> Any:
        rows = []
        for text in texts:
            vector = np.zeros(self.DIMENSIONS, dtype=np.float32)
            for word in re.findall(r"[a-z]+", text.lower()):
                stem = word[:-1] if word.endswith("s") else word
                if stem in self.SENSES:
                    vector[self.SENSES[stem]] += 1.0
                else:
                    digest = hashlib.sha1(stem.encode()).digest()
                    vector[16 + int.from_bytes(digest[:4], "big") % (self.DIMENSIONS - 16)] += 0.5
            rows.append(vector / max(float(np.linalg.norm(vector)), 1e-9))
        return np.stack(rows) if rows else np.zeros((0, self.DIMENSIONS), dtype=np.float32)


def event(nlp: Any, texts: list[str]) -> tuple[list[Extraction], EntityIndex]:
    extractions = extracted(nlp, texts)
    return extractions, link_entities(extractions)


def texts_of(nlp: Any, text: str) -> list[str]:
    article = Article(id="a1", text=text, outlet="Outlet")
    return [s.text for s in label_spans(article, nlp(text))]


def clusters_as_text(spans: list[Span], clusters: list[list[int]]) -> list[set[tuple[str, str]]]:
    return [{(spans[n].article, spans[n].text) for n in cluster} for cluster in clusters]


def cluster_of(found: list[set[tuple[str, str]]], article: str, text: str) -> set[tuple[str, str]]:
    [cluster] = [c for c in found if (article, text) in c]
    return cluster


# ---------------------------------------------------------------------------- label_spans


def test_labels_keep_modifiers_and_drop_the_leading_article(nlp: Any) -> None:
    found = texts_of(nlp, "The right-wing opposition condemned the deadly street protests.")
    assert "right-wing opposition" in found
    assert "deadly street protests" in found


def test_labels_leave_out_pronouns_dates_and_counts_in_digits(nlp: Any) -> None:
    found = texts_of(nlp, "They said on Monday that 124 people died in the floods.")
    assert found == ["floods"]


def test_labels_add_the_possessor_inside_a_phrase(nlp: Any) -> None:
    found = texts_of(nlp, "The council rejected the opposition's demand for a recount.")
    assert "opposition's demand" in found
    assert "opposition" in found


def test_labels_are_exact_spans_of_the_article(nlp: Any) -> None:
    text = "Mayor Ilse Dornberg’s office called the so-called Harbour Alliance “reckless”."
    article = Article(id="a1", text=text, outlet="Outlet")
    spans = label_spans(article, nlp(text))
    assert spans
    assert all(text[s.start : s.end] == s.text and s.article == "a1" for s in spans)
    assert any(s.text == "so-called Harbour Alliance" for s in spans)


def test_head_token_of_a_noun_phrase_is_its_noun(nlp: Any) -> None:
    doc = nlp("Police dispersed the deadly street protests.")
    assert head_token(doc, 2, 6).text == "protests"


# ---------------------------------------------------------------- cluster_mentions: keys


def spans_and_clusters(
    nlp: Any, texts: list[str], encoder: Any = None
) -> tuple[list[Span], list[set[tuple[str, str]]]]:
    extractions, index = event(nlp, texts)
    phrases = [p for e in extractions for p in e.labels]
    descriptors = [d for e in extractions for d in e.descriptors]
    spans = [p.span for p in phrases]
    clusters = cluster_mentions(phrases, descriptors, len(extractions), index, encoder)
    assert sorted(n for c in clusters for n in c) == list(range(len(spans)))
    return spans, clusters_as_text(spans, clusters)


def test_cluster_same_head_lemma_across_outlets(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Violent protests spread through the capital on Sunday.",
            "The peaceful protest drew thousands of students.",
        ],
    )
    protests = cluster_of(found, "a1", "Violent protests")
    assert ("a2", "peaceful protest") in protests


def test_cluster_apposition_joins_its_anchor(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Officials met the Meridian Compact, a regional alliance of port towns, on Friday.",
            "The Meridian Compact refused to attend.",
        ],
    )
    compact = cluster_of(found, "a2", "Meridian Compact")
    assert ("a1", "regional alliance") in compact
    assert ("a1", "Meridian Compact") in compact


def test_cluster_a_plural_apposition_or_one_naming_a_list_is_not_its_anchor(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Voters in the alliance's northern strongholds Varna, Selo and Tamm stayed home.",
            "Turnout in Varna was low.",
        ],
    )
    varna = cluster_of(found, "a2", "Varna")
    assert ("a1", "alliance's northern strongholds") not in varna


def test_cluster_title_used_for_one_person_names_that_person(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Premier Odile Brannagh visited the dam. Premier Brannagh promised an inquiry.",
            "The premier said the inquiry would be independent.",
        ],
    )
    brannagh = cluster_of(found, "a1", "Premier Odile Brannagh")
    assert ("a2", "premier") in brannagh


def test_cluster_country_bodies_and_officials_join_the_country(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Canada sent engineers to the valley.",
            "Canada's government promised more aid, and Canadian officials visited the dam.",
        ],
    )
    canada = cluster_of(found, "a1", "Canada")
    assert ("a2", "Canada's government") in canada
    assert ("a2", "Canadian officials") in canada


def test_cluster_a_lone_surname_goes_to_the_dominant_full_name(nlp: Any) -> None:
    _, found = spans_and_clusters(
        nlp,
        [
            "Emmanuel Vantongeren spoke first. Emmanuel Vantongeren then left.",
            "His wife Brigitte Vantongeren stayed home. Mr Vantongeren said he would return.",
        ],
    )
    emmanuel = cluster_of(found, "a1", "Emmanuel Vantongeren")
    assert ("a2", "Mr Vantongeren") in emmanuel
    assert ("a2", "Brigitte Vantongeren") not in emmanuel


# ------------------------------------------------------ cluster_mentions: by meaning


PROTESTS = [
    "Months of violent protests shook the capital. The opposition blamed the police.",
    "More street protests are planned, the opposition said.",
    "Opposition riots left the city in ruins, and opposition claims of fraud grew. "
    "Lakeport stayed calm.",
]


def test_cluster_a_one_outlet_label_joins_the_referent_it_means(nlp: Any) -> None:
    _, found = spans_and_clusters(nlp, PROTESTS, StubEncoder())
    protests = cluster_of(found, "a1", "violent protests")
    assert ("a2", "More street protests") in protests or ("a2", "street protests") in protests
    assert ("a3", "Opposition riots") in protests


def test_cluster_a_phrase_about_a_referent_is_not_that_referent(nlp: Any) -> None:
    _, found = spans_and_clusters(nlp, PROTESTS, StubEncoder())
    opposition = cluster_of(found, "a1", "opposition")
    assert ("a3", "opposition claims") not in opposition


class RelationStubEncoder(StubEncoder):
    """The stub, where opponents and governments mean the same: only the anchor rule can keep
    "Varn's opponents" out of the Varn government's group."""

    SENSES: ClassVar[dict[str, int]] = {"opponent": 3, "government": 3, "administration": 3}


RELATION = [
    "The Varn government won the vote on Sunday. Varn's opponents cried foul.",
    "Olga Varn's government said the vote was fair.",
    "The government of Olga Varn claimed the vote.",
]


def test_cluster_x_s_opponents_never_join_x_s_row(nlp: Any) -> None:
    _, found = spans_and_clusters(nlp, RELATION, RelationStubEncoder())
    opponents = cluster_of(found, "a1", "Varn's opponents")
    assert not {text for _, text in opponents} & {"Varn government", "Olga Varn's government"}
    assert not any("Varn" in text for _, text in opponents - {("a1", "Varn's opponents")})


def test_cluster_opponents_without_an_anchor_may_join_by_meaning(nlp: Any) -> None:
    texts = [RELATION[0].replace("Varn's opponents", "The opponents"), *RELATION[1:]]
    _, found = spans_and_clusters(nlp, texts, RelationStubEncoder())
    opponents = cluster_of(found, "a1", "opponents")
    assert len(opponents) > 1


class GroupStubEncoder(StubEncoder):
    """The stub, where opponents and the opposition mean the same."""

    SENSES: ClassVar[dict[str, int]] = {"opponent": 1, "opposition": 1}


GROUP = [
    "President Olga Varn won the vote. Varn's opponents cried foul.",
    "The opposition Harbour Alliance rejected the vote. The opposition asked for a recount.",
    "The Harbour Alliance and the opposition met President Varn on Monday.",
]


def test_cluster_x_s_opponents_join_the_group_a_common_noun_names(nlp: Any) -> None:
    _, found = spans_and_clusters(nlp, GROUP, GroupStubEncoder())
    opponents = cluster_of(found, "a1", "Varn's opponents")
    assert ("a2", "opposition Harbour Alliance") in opponents
    assert ("a3", "Harbour Alliance") in opponents
    assert ("a1", "President Olga Varn") not in opponents


def test_cluster_names_never_join_by_meaning(nlp: Any) -> None:
    _, found = spans_and_clusters(nlp, PROTESTS, StubEncoder())
    assert cluster_of(found, "a3", "Lakeport") == {("a3", "Lakeport")}


def test_cluster_without_mentions_is_empty(nlp: Any) -> None:
    _, index = event(nlp, ["Nothing happened."])
    assert cluster_mentions([], [], 1, index, StubEncoder()) == []


# ------------------------------------------------------------------------ find_framing


FRAMING = [
    "Months of violent protests shook the capital. The so-called Harbour Alliance "
    "met on Monday. The Harbour Alliance asked for calm.",
    "More street protests are planned in the capital.",
    "Opposition riots left the capital in ruins.",
]


def test_framing_shows_each_outlets_labels_for_a_referent(nlp: Any) -> None:
    extractions, index = event(nlp, FRAMING)
    framing = find_framing(extractions, index, encoder=StubEncoder())
    [protests] = [f for f in framing if f.referent.name == "protests"]
    assert protests.referent.entity is None
    assert {a: [s.text for s in spans] for a, spans in protests.labels.items()} == {
        "a1": ["violent protests"],
        "a2": ["More street protests"],
        "a3": ["Opposition riots"],
    }


def test_framing_leaves_out_a_referent_named_alike_everywhere(nlp: Any) -> None:
    extractions, index = event(nlp, FRAMING)
    framing = find_framing(extractions, index, encoder=StubEncoder())
    assert not [f for f in framing if f.referent.name == "capital"]


def test_framing_shows_an_entity_one_outlet_describes(nlp: Any) -> None:
    extractions, index = event(nlp, FRAMING)
    framing = find_framing(extractions, index, encoder=StubEncoder())
    [alliance] = [f for f in framing if f.referent.name == "Harbour Alliance"]
    assert alliance.referent.entity is not None
    assert [s.text for s in alliance.labels["a1"]] == [
        "so-called Harbour Alliance",
        "Harbour Alliance",
    ]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1]])
def test_framing_spans_verify_and_rows_do_not_depend_on_input_order(
    nlp: Any, order: list[int]
) -> None:
    extractions, index = event(nlp, [FRAMING[n] for n in order])
    framing = find_framing(extractions, index, encoder=StubEncoder())
    text_of = {e.article.id: e.article.text for e in extractions}
    assert framing
    for row in framing:
        for article_id, spans in row.labels.items():
            assert all(text_of[article_id][s.start : s.end] == s.text for s in spans)
            assert all(s.article == article_id for s in spans)
    assert sorted(f.referent.name for f in framing) == sorted(
        f.referent.name
        for f in find_framing(
            *event(nlp, [FRAMING[n] for n in sorted(order)]), encoder=StubEncoder()
        )
    )


# ------------------------------------------------------------ on the Venezuelan event


def test_venezuela_framing_rows_of_the_opposition_protests_and_lima_group(
    analyzed: Any, venezuela_files: list[Path]
) -> None:
    report = analyzed(venezuela_files)
    every = {a.id for a in report.articles}

    def row_with(text: str) -> Any:
        [row] = [
            f for f in report.framing if any(s.text == text for v in f.labels.values() for s in v)
        ]
        return row

    assert set(row_with("right-wing opposition").labels) == every
    assert set(row_with("deadly street protests").labels) == every
    assert row_with("so-called Lima Group").referent.name == "Lima Group"
    opponents = [
        f
        for f in report.framing
        if any(s.text == "Maduro’s opponents" for v in f.labels.values() for s in v)
    ]
    for row in opponents:  # the people opposed to Maduro: never Maduro's row or his government's
        assert row.referent.name not in {"Nicolas Maduro", "government"}
        texts = {s.text for v in row.labels.values() for s in v}
        assert not texts & {"Maduro government", "Maduro administration", "Nicolas Maduro"}
