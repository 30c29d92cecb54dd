"""What each outlet leaves out (rashomon.compare.omissions): the rank a reader reads by."""

from __future__ import annotations

from rashomon.compare.omissions import find_omissions
from rashomon.model import Actor, Article, Comparison, Position, Quote, Span, Speaker, Stance


def article(number: int) -> Article:
    return Article(id=f"a{number}", text="x" * 40, outlet=f"Outlet {number}", date=None)


def comparison(ident: str, verdict: str, articles: tuple[str, ...]) -> Comparison:
    positions = tuple(Position(claims=("c1",), articles=(a,), as_of=(None,)) for a in articles)
    return Comparison(ident, "numeric", ident, verdict, positions, "", 1.0, {})  # type: ignore[arg-type]


def stance(ident: str, entity: str | None, name: str, articles: tuple[str, ...]) -> Stance:
    span = Span(articles[0], 0, 1, "x")
    return Stance(ident, Actor(entity, name), "condemn", "it", (span,), (span,), articles)


def quote(ident: str, article_id: str, who: str | None, statement: str) -> Quote:
    span = Span(article_id, 0, 1, "x")
    speaker = Speaker(who, who, span) if who else None
    return Quote(ident, span, (span,), True, None, speaker, statement)


def ranked(omissions: list, article_id: str) -> list[str]:  # type: ignore[type-arg]
    mine = sorted((o for o in omissions if o.article == article_id), key=lambda o: o.rank)
    assert [o.rank for o in mine] == list(range(1, len(mine) + 1))
    return [o.ref for o in mine]


def test_omissions_disputed_then_agreed_facts_then_voices_then_the_rest() -> None:
    articles = [article(1), article(2), article(3)]
    found = find_omissions(
        articles,
        [
            comparison("k3", "single_source", ("a2",)),
            comparison("k2", "agree", ("a2", "a3")),
            comparison("k1", "conflict", ("a2", "a3")),
        ],
        [stance("s1", "e1", "the minister", ("a2",)), stance("s2", None, "residents", ("a3",))],
        [quote("q1", "a2", "e2", "t1"), quote("q2", "a3", None, "t2")],
    )
    assert ranked(found, "a1") == ["k1", "k2", "s1", "t1", "k3", "s2", "t2"]


def test_omissions_an_actors_repeats_rank_after_every_first_item() -> None:
    articles = [article(1), article(2)]
    found = find_omissions(
        articles,
        [comparison("k1", "single_source", ("a2",))],
        [stance("s1", "e1", "the minister", ("a2",))],
        [
            quote("q1", "a2", "e1", "t1"),
            quote("q2", "a2", "e1", "t2"),
            quote("q3", "a2", "e2", "t3"),
        ],
    )
    # the minister's stance stands for her; her two quotes come after everything else
    assert ranked(found, "a1") == ["s1", "t3", "k1", "t1", "t2"]
    assert ranked(found, "a2") == []


def test_omissions_none_for_one_article() -> None:
    assert find_omissions([article(1)], [comparison("k1", "single_source", ("a1",))], [], []) == []


def test_omissions_a_quote_whose_speaker_is_a_bare_pronoun_ranks_with_the_anonymous() -> None:
    articles = [article(1), article(2)]
    found = find_omissions(
        articles,
        [comparison("k1", "single_source", ("a2",))],
        [],
        [quote("q1", "a2", "it", "t1"), quote("q2", "a2", "e2", "t2")],
    )
    assert ranked(found, "a1") == ["t2", "k1", "t1"]
