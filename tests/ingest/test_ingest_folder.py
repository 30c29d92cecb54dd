"""Folders, sidecars, duplicates and ids."""

from __future__ import annotations

from pathlib import Path

from rashomon.ingest import load_articles

# A longer wire story: near-duplicate detection compares word 5-grams, so a copy with one
# sentence changed only stays above the threshold when the story has some length.
WIRE = (
    "Lakeport's harbor authority said on Thursday that it would dredge the main shipping channel "
    "this summer, the first such work in almost a decade. Silt carried down the Alder River has "
    "narrowed the channel so much that larger cargo ships have had to wait for high tide before "
    "entering the port. The authority's director, Samuel Brandt, said the project would take "
    "about ten weeks and would be paid for by a state grant and by higher berthing fees. "
    "Fishermen's groups welcomed the plan but asked for the work to pause during the autumn "
    "spawning season. Environmental campaigners said they would study the permit closely, "
    "because the dredged mud is to be dumped at a site three miles offshore. The authority said "
    "independent tests had found no harmful levels of metals or oil in the sediment."
)
CHANGED = WIRE.replace(
    "Fishermen's groups welcomed the plan but asked",
    "Fishing associations gave the plan a cautious welcome and asked",
)


def test_folder_is_walked_recursively(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "deeper" / "still").mkdir(parents=True)
    (tmp_path / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    (tmp_path / "deeper" / "still" / "ferry.txt").write_text(texts["ferry"], encoding="utf-8")
    paths = sorted(
        Path(a.path or "").relative_to(tmp_path) for a in load_articles([tmp_path]).articles
    )
    assert paths == [Path("bridge.txt"), Path("deeper/still/ferry.txt")]


def test_folder_hidden_files_are_ignored(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "ferry.txt").write_text(texts["ferry"], encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    assert [a.path for a in load_articles([tmp_path]).articles] == [str(tmp_path / "bridge.txt")]


def test_folder_with_bad_files_keeps_the_good_and_skips_the_bad(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    (tmp_path / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    quoted = texts["ferry"] + " “We need a fair deal,” one deckhand said."
    (tmp_path / "ferry.txt").write_bytes(quoted.encode("cp1252"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    result = load_articles([tmp_path])
    assert sorted(a.text for a in result.articles) == sorted([texts["bridge"], quoted])
    assert sorted((Path(s.input).name, s.code) for s in result.skipped) == [
        ("empty.txt", "E_EMPTY"),
        ("photo.jpg", "E_BINARY"),
    ]


SIDECAR = (
    "file,outlet,date,url,title\n"
    "bridge.txt,The Lakeport Ledger,2021-03-03,https://lakeportledger.example/b,Bridge reopens\n"
    "ferry.txt,Island Radio,,,\n"
)


def test_sidecar_in_folder_sets_metadata(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "sources.csv").write_text(SIDECAR, encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    (article,) = load_articles([tmp_path]).articles
    assert (article.outlet, article.date, article.url, article.title) == (
        "The Lakeport Ledger",
        "2021-03-03",
        "https://lakeportledger.example/b",
        "Bridge reopens",
    )
    assert set(article.metadata_from.values()) == {"sources.csv"}


def test_sidecar_wins_over_header(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "sources.csv").write_text(SIDECAR, encoding="utf-8")
    header = "Source: Lakeport Weekly\nDate: 2021-03-04\n\n"
    (tmp_path / "ferry.txt").write_text(header + texts["ferry"], encoding="utf-8")
    (article,) = load_articles([tmp_path]).articles
    assert (article.outlet, article.date) == ("Island Radio", "2021-03-04")
    assert article.metadata_from == {"outlet": "sources.csv", "date": "header"}


def test_sidecar_beside_a_file_given_alone_is_read(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "sources.csv").write_text(SIDECAR, encoding="utf-8")
    (tmp_path / "ferry.txt").write_text(texts["ferry"], encoding="utf-8")
    (article,) = load_articles([tmp_path / "ferry.txt"]).articles
    assert article.outlet == "Island Radio"


def test_meta_option_names_the_sidecar(tmp_path: Path, texts: dict[str, str]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    meta = tmp_path / "outlets.csv"
    meta.write_text(SIDECAR, encoding="utf-8")
    (article,) = load_articles([folder], meta=meta).articles
    assert article.outlet == "The Lakeport Ledger"
    assert article.metadata_from["outlet"] == "sources.csv"


def test_meta_without_file_column_is_skipped_as_e_bad_meta(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    meta = tmp_path / "outlets.csv"
    meta.write_text("name,outlet\nbridge.txt,The Lakeport Ledger\n", encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(texts["bridge"], encoding="utf-8")
    result = load_articles([tmp_path / "bridge.txt"], meta=meta)
    assert [s.code for s in result.skipped] == ["E_BAD_META"]
    assert len(result.articles) == 1


def test_exact_duplicate_is_collapsed(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "a_ledger.txt").write_text(texts["bridge"], encoding="utf-8")
    (tmp_path / "b_weekly.txt").write_text(texts["bridge"] + "\n", encoding="utf-8")
    result = load_articles([tmp_path])
    (kept,) = result.articles
    (duplicate,) = result.duplicates
    assert kept.path == str(tmp_path / "a_ledger.txt")
    assert (duplicate.kept, duplicate.dropped, duplicate.similarity) == (
        kept.id,
        str(tmp_path / "b_weekly.txt"),
        1.0,
    )


def test_near_duplicate_is_collapsed(tmp_path: Path, texts: dict[str, str]) -> None:
    (tmp_path / "a_wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(CHANGED, encoding="utf-8")
    (tmp_path / "c_other.txt").write_text(texts["storm"], encoding="utf-8")
    result = load_articles([tmp_path])
    by_path = {Path(a.path or "").name: a.id for a in result.articles}
    assert sorted(by_path) == ["a_wire.txt", "c_other.txt"]
    (duplicate,) = result.duplicates
    assert duplicate.kept == by_path["a_wire.txt"]
    assert duplicate.dropped == str(tmp_path / "b_copy.txt")
    assert 0.8 <= duplicate.similarity < 1.0


def test_ids_do_not_depend_on_input_order(tmp_path: Path, texts: dict[str, str]) -> None:
    paths = []
    for name in ("school", "market", "library"):
        path = tmp_path / f"{name}.txt"
        path.write_text(texts[name], encoding="utf-8")
        paths.append(path)
    forward = {a.id: a.path for a in load_articles(paths).articles}
    backward = {a.id: a.path for a in load_articles(paths[::-1]).articles}
    assert forward == backward
    assert sorted(forward) == ["a1", "a2", "a3"]
