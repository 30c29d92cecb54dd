"""Checks that a JSON schema cannot make: every id reference resolves, every span verifies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def problems(report: dict[str, Any]) -> list[str]:
    """Everything wrong with the references and spans of a report dict (empty when sound)."""
    texts = {a["id"]: a["text"] for a in report["articles"]}
    ids = {
        "entities": {e["id"] for e in report["entities"]},
        "claims": {c["id"] for c in report["claims"]},
        "comparisons": {c["id"] for c in report["comparisons"]},
        "quotes": {q["id"] for q in report["quotes"]},
        "stances": {s["id"] for s in report["stances"]},
        "statements": {q["statement"] for q in report["quotes"]},
    }
    found: list[str] = []
    for path, span in _spans(report):
        text = texts.get(span["article"])
        if text is None:
            found.append(f"{path}: unknown article {span['article']!r}")
        elif not (0 <= span["start"] <= span["end"] <= len(text)):
            found.append(f"{path}: offsets {span['start']}-{span['end']} outside the article")
        elif text[span["start"] : span["end"]] != span["text"]:
            found.append(
                f"{path}: text[{span['start']}:{span['end']}] is "
                f"{text[span['start'] : span['end']]!r}, not {span['text']!r}"
            )
    for path, kind, value in _references(report):
        known = texts if kind == "articles" else ids[kind]
        if value not in known:
            found.append(f"{path}: {value!r} is not among the {kind}")
    found += _voice_problems(report)
    for section in ("entities", "claims", "comparisons", "quotes", "stances"):
        values = [item["id"] for item in report[section]]
        if len(values) != len(set(values)):
            found.append(f"{section}: duplicate ids")
    return found


def _spans(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if set(node) >= {"article", "start", "end", "text"} and isinstance(node.get("start"), int):
            yield path, node
            return
        for key, value in node.items():
            if path == "" and key == "articles":
                continue
            yield from _spans(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _spans(value, f"{path}[{index}]")


def _references(report: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for i, duplicate in enumerate(report["duplicates"]):
        yield f"duplicates[{i}].kept", "articles", duplicate["kept"]
    for i, entity in enumerate(report["entities"]):
        if entity["affiliation"] is not None:
            yield f"entities[{i}].affiliation", "entities", entity["affiliation"]
        for article in entity["articles"]:
            yield f"entities[{i}].articles", "articles", article
    for i, claim in enumerate(report["claims"]):
        for key in ("subject", "asserted_by"):
            if claim[key] is not None and claim[key]["entity"] is not None:
                yield f"claims[{i}].{key}", "entities", claim[key]["entity"]
    for i, comparison in enumerate(report["comparisons"]):
        for position in comparison["positions"]:
            for claim in position["claims"]:
                yield f"comparisons[{i}].claims", "claims", claim
            for article in position["articles"]:
                yield f"comparisons[{i}].articles", "articles", article
    kinds = {"comparison": "comparisons", "stance": "stances", "quote": "statements"}
    for i, omission in enumerate(report["omissions"]):
        yield f"omissions[{i}].article", "articles", omission["article"]
        yield f"omissions[{i}].ref", kinds[omission["kind"]], omission["ref"]
    for i, quote in enumerate(report["quotes"]):
        if quote["speaker"] is not None and quote["speaker"]["entity"] is not None:
            yield f"quotes[{i}].speaker", "entities", quote["speaker"]["entity"]
    for i, stance in enumerate(report["stances"]):
        if stance["actor"]["entity"] is not None:
            yield f"stances[{i}].actor", "entities", stance["actor"]["entity"]
        for article in stance["articles"]:
            yield f"stances[{i}].articles", "articles", article
    for i, event in enumerate(report["timeline"]):
        for article in event["articles"]:
            yield f"timeline[{i}].articles", "articles", article
    for i, framing in enumerate(report["framing"]):
        if framing["referent"]["entity"] is not None:
            yield f"framing[{i}].referent", "entities", framing["referent"]["entity"]
        for article in framing["labels"]:
            yield f"framing[{i}].labels", "articles", article
    for article in report["loaded_terms"]:
        yield "loaded_terms", "articles", article
    for i, sentence in enumerate(report["summary"]):
        if sentence["comparison"] is not None:
            yield f"summary[{i}].comparison", "comparisons", sentence["comparison"]
    for article, voices in report.get("voices", {}).items():
        yield f"voices.{article}", "articles", article
        for kind in ("quoted", "left_out"):
            for i, item in enumerate(voices[kind]):
                path = f"voices.{article}.{kind}[{i}]"
                for key, actor in [("voice", item["voice"])] + [
                    ("speakers", s) for s in item["speakers"]
                ]:
                    if actor["entity"] is not None:
                        yield f"{path}.{key}", "entities", actor["entity"]
                for other in item.get("quoted_by", ()):
                    yield f"{path}.quoted_by", "articles", other
                for quote in item["quotes"]:
                    yield f"{path}.quotes", "quotes", quote


def _voice_problems(report: dict[str, Any]) -> list[str]:
    """An article's quoted voices are quoted in it; its left-out voices only elsewhere."""
    article_of = {q["id"]: q["span"]["article"] for q in report["quotes"]}
    found = []
    for article, voices in report.get("voices", {}).items():
        for i, item in enumerate(voices["quoted"]):
            wrong = [q for q in item["quotes"] if q in article_of and article_of[q] != article]
            if wrong:
                found.append(f"voices.{article}.quoted[{i}]: {wrong} are not quotes of {article}")
        for i, item in enumerate(voices["left_out"]):
            if article in item["quoted_by"]:
                found.append(f"voices.{article}.left_out[{i}]: quoted by {article} itself")
            wrong = [
                q
                for q in item["quotes"]
                if q in article_of and article_of[q] not in item["quoted_by"]
            ]
            if wrong:
                found.append(
                    f"voices.{article}.left_out[{i}]: {wrong} are not quotes of its outlets"
                )
    return found
