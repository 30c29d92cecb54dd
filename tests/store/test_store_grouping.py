"""Ingest places every article in an event (grouping.py): on the bundled stream of five
fictional events, each event tells one story, keeps its id as it grows, has a headline that is a
span of a member, and users' merges and splits survive later ingests and a rebuild."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import CountingExtract
from storetools import write_articles
from typer.testing import CliRunner

from rashomon import corpus, grouping
from rashomon.cli import app
from rashomon.config import Settings
from rashomon.errors import UsageError
from rashomon.render.json import validate
from rashomon.store import Store, events
from rashomon.store import articles as article_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STREAM = EXAMPLES / "stream"


def _story(path: str | None) -> str:
    """The story a bundled file tells: its name up to the outlet's number."""
    name = Path(path or "").name
    return name.split("-1-")[0].split("-2-")[0].split("-3-")[0].split("-4-")[0]


@pytest.fixture(scope="module")
def stream_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "stream.db"
    with Store.open(path) as store:
        corpus.ingest(store, [STREAM], Settings())
    return path


@pytest.fixture
def stream(stream_db: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "copy.db"
    with Store.open(stream_db) as source, Store.open(copy) as target:
        source.connection.backup(target.connection)
    with Store.open(copy) as store:
        yield store


def _events_by_story(store: Store) -> dict[str, set[str]]:
    members = events.memberships(store)
    found: dict[str, set[str]] = {}
    for article_id, article in article_table.get(store, list(members)).items():
        found.setdefault(_story(article.path), set()).add(members[article_id])
    return found


def test_every_article_is_in_exactly_one_event(stream: Store) -> None:
    ids = [r[0] for r in stream.rows("SELECT id FROM articles")]
    members = events.memberships(stream)
    assert sorted(members) == sorted(ids)


def test_no_event_mixes_two_stories_and_most_stories_are_one_event(stream: Store) -> None:
    by_story = _events_by_story(stream)
    seen: dict[str, str] = {}
    for story, event_ids in by_story.items():
        for event_id in event_ids:
            assert seen.setdefault(event_id, story) == story, f"{event_id} mixes stories"
    together = [s for s, e in by_story.items() if len(e) == 1]
    assert len(together) >= 3, by_story
    assert len(events.list_events(stream, min_outlets=2)) >= 4


def test_a_headline_is_a_span_of_a_member(stream: Store) -> None:
    for event in events.list_events(stream):
        assert event.headline and len(event.citations) == 1
        (span,) = event.citations
        assert span.article in event.articles
        text = article_table.get(stream, [span.article])[span.article].text
        assert text[span.start : span.end] == span.text == event.headline


def test_an_event_that_gains_an_article_keeps_its_id(tmp_path: Path) -> None:
    files = sorted(STREAM.glob("haverick-*.txt"))
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for f in files[:2]:
        shutil.copy(f, first / f.name)
    shutil.copy(files[2], later / files[2].name)
    with Store.open(tmp_path / "s.db") as store:
        corpus.ingest(store, [first], Settings())
        (before,) = events.list_events(store)
        result = corpus.ingest(store, [later], Settings())
        (after,) = events.list_events(store)
        assert result.events == (before.id,)
        assert after.id == before.id and len(after.articles) == 3
        assert len(after.outlets) == 3


def test_ingesting_the_same_articles_again_changes_no_event(stream: Store) -> None:
    before = events.list_events(stream)
    result = corpus.ingest(stream, [STREAM], Settings())
    assert result.events == () and events.list_events(stream) == before


def test_a_merge_survives_a_later_ingest_and_a_rebuild(stream: Store) -> None:
    listed = events.list_events(stream)
    keep, gone = listed[-1], listed[0]  # two different stories, the older first
    merged = grouping.merge_events(stream, gone.id, keep.id)
    assert merged.id == keep.id  # the older id stays, whatever the order of the arguments
    assert set(merged.articles) == set(keep.articles) | set(gone.articles)
    assert events.get(stream, gone.id) == events.get(stream, keep.id)  # the old id leads on
    corpus.ingest(stream, [EXAMPLES / "lakeport-dam"], Settings())
    assert set(gone.articles) <= set(events.get(stream, keep.id).articles)  # type: ignore[union-attr]
    grouping.rebuild_events(stream, Settings())
    members = events.memberships(stream)
    assert len({members[a] for a in (*keep.articles, *gone.articles)}) == 1


def test_a_split_is_never_merged_back(stream: Store) -> None:
    story = next(e for e in events.list_events(stream) if len(e.articles) >= 3)
    moved = story.articles[-1]
    alone = grouping.split_event(stream, [moved])
    assert alone.articles == (moved,) and alone.id != story.id
    remaining = events.get(stream, story.id)
    assert remaining is not None and moved not in remaining.articles
    assert remaining.headline and remaining.citations[0].article in remaining.articles
    grouping.rebuild_events(stream, Settings())
    members = events.memberships(stream)
    assert members[moved] not in {members[a] for a in story.articles if a != moved}


def test_splitting_every_article_of_an_event_is_refused(stream: Store) -> None:
    event = events.list_events(stream)[0]
    with pytest.raises(UsageError, match="all the articles"):
        grouping.split_event(stream, list(event.articles))


def test_an_article_whose_analysis_failed_is_an_event_of_its_own(
    store: Store, tmp_path: Path
) -> None:
    folder = write_articles(tmp_path / "news", ["bridge", "ferry"])
    corpus.ingest(
        store, [folder], Settings(encoder="tfidf"), extract_batch=CountingExtract(fail=["bridge"])
    )
    members = events.memberships(store)
    assert len(members) == 2
    assert all(len(e.articles) == 1 for e in events.list_events(store) if e.id in members.values())


def test_events_json_follows_its_schema_and_filters(stream_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cli.db"
    shutil.copy(stream_db, copy)
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--store", str(copy), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validate(document, "events")
    assert document["schema"] == "rashomon.events/1" and document["total"] >= 4
    result = runner.invoke(
        app,
        ["events", "--store", str(copy), "--json", "--search", "chlorine", "--min-outlets", "2"],
    )
    found = json.loads(result.stdout)["events"]
    assert len(found) == 1 and len(found[0]["outlets"]) == 3
    result = runner.invoke(app, ["events", "--store", str(copy), "--until", "2024-12-31"])
    assert result.exit_code == 0 and "2025-" not in result.stdout


def test_one_ingest_of_the_same_articles_in_another_order_gives_the_same_events(
    stream: Store, tmp_path: Path
) -> None:
    def grouping_by_name(store: Store) -> set[frozenset[str]]:
        names = {a: Path(x.path or "").name for a, x in article_table.get(
            store, list(events.memberships(store))).items()}  # fmt: skip
        return {frozenset(names[a] for a in e.articles) for e in events.list_events(store)}

    with Store.open(tmp_path / "reversed.db") as other:
        corpus.ingest(other, [str(p) for p in sorted(STREAM.glob("*.txt"), reverse=True)])
        assert grouping_by_name(other) == grouping_by_name(stream)


def test_retiring_events_and_reading_in_chunks_change_no_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream spans ten months: with `event_retire_days` 0 every event but the newest
    retires as the stream moves on, and late articles (an ingest of older files after newer
    ones) must bring theirs back, while newer ones let the rebuild forget the events they
    cannot meet; signals, vectors and extractions read 2 or 3 articles at a time instead of
    all at once."""
    by_date = sorted(STREAM.glob("*.txt"), key=_date)
    for files in (by_date[::-1], by_date):  # older files last; then newer files last
        parts = [files[:5], files[5:9], files[9:]]
        found = []
        for retire, chunk in ((None, 10_000), (0, 2), (8, 3)):
            monkeypatch.setattr(grouping, "CHUNK", chunk)
            settings = Settings().replace(event_retire_days=retire)
            with Store.open(tmp_path / f"retire-{retire}-{files[0].name}.db") as store:
                for part in parts:
                    corpus.ingest(store, [str(p) for p in part], settings)
                ingested = events.memberships(store)
                headlines = {e.id: e.headline for e in events.list_events(store)}
                grouping.rebuild_events(store, settings)
                rebuilt = {e.id: (e.articles, e.headline) for e in events.list_events(store)}
                found.append((ingested, headlines, rebuilt))
        assert found[0] == found[1] == found[2]


def _date(path: Path) -> str:
    """The date of a bundled file's header ("Date: 2025-01-28")."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Date:"):
            return line.split(":", 1)[1].strip()
    return ""
