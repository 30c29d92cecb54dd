"""Disputes, updates, contradictions, quotes, stances and dates on fiction-dev (issue 11).

    /work/main/.venv/bin/python bench/eval_fiction.py                  # tuning events (~30 s)
    /work/main/.venv/bin/python bench/eval_fiction.py --events heldout # the two held-out events
    options: --events tuning|heldout|all, --json FILE (the figures), --detail (misses and the
             omission lists, tuning events only), --data DIR (default ../shared/data/fiction-dev)

Data: ../shared/data/fiction-dev (invented events with exact gold; its README.md gives the gold
format and conventions). Each event folder is loaded with `rashomon.load_articles` (the
three-line front matter gives outlet, date and title; the article text is the body, so gold
evidence offsets are `body.find(evidence)`) and analysed with `analyze_articles`.

Held-out discipline: `corvenia-rate-cut` and `petrovan-bribery-verdict` are never tuned on;
run them for their aggregate figures only (`--detail` is refused on them, and their figures
are printed as one group, never per event).

A tool item *cites* a gold evidence string when it is in the same article and its span contains
the evidence, or the two overlap by at least half of the shorter. A claim cites a gold figure
through its quantity's span, a textual claim a contradiction side through its claim span.

Scoring (the issue's "Scoring" section, and the README's "How to score"):
- numeric conflicts found: a gold `conflict` fact is found when one comparison with verdict
  `conflict` cites two of its values whose intervals do not overlap; an update (gold
  `possible_update`) is flagged only when that comparison has `possible_update: true`.
- false conflicts: every other `conflict` comparison, numeric or textual (a textual one that
  finds a gold contradiction is not false).
- contradictions found: a gold contradiction with an affirm and a deny side (not implicit, not
  debatable) is found when one textual `conflict` comparison cites an affirm side in one
  position and a deny side in a position of the opposite polarity.
- agreements found: a gold `agree` fact (not optional) is found when one comparison with verdict
  `agree` cites values of it from two different articles.
- traps wrongly compared: a gold `not_the_same` pair whose two sides are cited by two different
  claims of one numeric comparison (any verdict).
- figures: gold values (not optional) with a quantity extracted there, and with exactly the
  gold interval (bounds and closedness).
- quotes: gold direct quotes (not optional) matched by a tool quote whose first part contains
  `text_start` (or overlaps it by half), and those whose tool speaker is the gold speaker, one
  of its aliases, or shares its surname (the speaker's linked entity's name and aliases
  count). All quotes (direct and indirect) are reported beside them.
- stances: a gold stance is found when a tool stance of the same actor (eval_stances'
  name rule) has a span or cue citing its evidence in any file; its label is right when equal
  (debatable entries always count as right).
- timeline: a gold date is found when a tool timeline event's span cites its evidence; its
  date is right at the gold precision; entries with `relative` are reported apart.
- omissions (read by hand, with --detail): per article, the gold's first three omissions
  (later events left out) beside the report's top ten omissions of that article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_stances import normalise, same_actor
from rashomon.config import Settings, from_env
from rashomon.model import Article, Claim, Comparison, Interval, Report, Span

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA = PROJECT_ROOT.parent / "shared" / "data" / "fiction-dev"
TUNING = (
    "arrabal-transfer",
    "brennmoor-neonatal-outbreak",
    "haverick-chlorine-fire",
    "kerros-shipwreck",
)
HELD_OUT = ("corvenia-rate-cut", "petrovan-bribery-verdict")
GROUPS = {"tuning": TUNING, "heldout": HELD_OUT, "all": TUNING + HELD_OUT}

# the counts every event gives; ratios are printed from them
COUNTS = (
    "conflicts_total",
    "conflicts_found",
    "updates_total",
    "updates_flagged",
    "false_numeric",
    "false_textual",
    "contradictions_total",
    "contradictions_found",
    "agreements_total",
    "agreements_found",
    "traps_total",
    "traps_compared",
    "values_total",
    "values_extracted",
    "values_exact",
    "quotes_direct_total",
    "quotes_direct_matched",
    "quotes_direct_speaker",
    "quotes_all_total",
    "quotes_all_matched",
    "quotes_all_speaker",
    "stances_total",
    "stances_found",
    "stances_label",
    "timeline_total",
    "timeline_found",
    "timeline_right",
    "relative_total",
    "relative_right",
)


@dataclass
class EventRun:
    """One analysed event: its gold, its report, and file name ↔ article id."""

    name: str
    gold: dict[str, Any]
    report: Report
    ids: dict[str, str]  # gold file name → article id

    def body(self, file: str) -> str:
        return self.article(file).text

    def article(self, file: str) -> Article:
        article_id = self.ids[file]
        return next(a for a in self.report.articles if a.id == article_id)


@dataclass
class EventScore:
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    misses: list[str] = field(default_factory=list)
    omissions: list[str] = field(default_factory=list)

    def add(self, key: str, amount: int | bool = 1) -> None:
        self.counts[key] += int(amount)


# --- running ----------------------------------------------------------------------------------


def run_event(name: str, data: Path = DATA, settings: Settings | None = None) -> EventRun:
    from rashomon.analyze import analyze_articles
    from rashomon.ingest import load_articles

    folder = data / name
    gold: dict[str, Any] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    settings = settings or from_env()
    paths = sorted(str(p) for p in folder.glob("*.txt"))
    ingested = load_articles(paths, settings)
    report = analyze_articles(ingested.articles, settings)
    ids = {Path(a.path or "").name: a.id for a in report.articles}
    missing = set(gold["articles"]) - set(ids)
    if missing:
        raise ValueError(f"{name}: articles not analysed: {sorted(missing)}")
    return EventRun(name, gold, report, ids)


# --- matching through evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    article: str
    start: int
    end: int


def locate(run: EventRun, file: str, text: str) -> Evidence:
    body = run.body(file)
    start = body.find(text)
    if start < 0:
        raise ValueError(f"{run.name}/{file}: evidence not in the body: {text!r}")
    return Evidence(run.ids[file], start, start + len(text))


def cites(span: Span | None, evidence: Evidence) -> bool:
    """The span contains the evidence, or they overlap by at least half of the shorter."""
    if span is None or span.article != evidence.article:
        return False
    if span.start <= evidence.start and evidence.end <= span.end:
        return True
    overlap = min(span.end, evidence.end) - max(span.start, evidence.start)
    shorter = min(span.end - span.start, evidence.end - evidence.start)
    return overlap > 0 and 2 * overlap >= shorter


def gold_interval(value: dict[str, Any]) -> Interval:
    return Interval(value["low"], bool(value["low_closed"]), value["high"], value["high_closed"])


def comparison_claims(comparison: Comparison) -> list[tuple[int, str]]:
    """(position index, claim id) for every claim of the comparison."""
    return [(i, c) for i, position in enumerate(comparison.positions) for c in position.claims]


def quantity_span(claim: Claim) -> Span | None:
    return claim.quantity.span if claim.quantity is not None else None


def possible_update(comparison: Comparison) -> bool:
    flag = getattr(comparison, "possible_update", None)
    if flag is not None:
        return bool(flag)
    return "update" in comparison.explanation  # before the contract's flag existed


# --- numbers ----------------------------------------------------------------------------------


def score_numbers(run: EventRun, score: EventScore) -> None:
    claims = {c.id: c for c in run.report.claims}
    numeric = [c for c in run.report.comparisons if c.kind == "numeric"]
    conflicts = [c for c in run.report.comparisons if c.verdict == "conflict"]
    true_conflicts: set[str] = set()

    def cited(comparison: Comparison, evidence: Evidence) -> set[str]:
        return {
            claim
            for _, claim in comparison_claims(comparison)
            if cites(quantity_span(claims[claim]), evidence)
        }

    for fact in run.gold["numeric_facts"]:
        values = [(v, locate(run, v["file"], v["evidence"])) for v in fact["values"]]
        if not fact.get("optional"):
            for value, evidence in values:
                score.add("values_total")
                found = [
                    c.quantity
                    for c in run.report.claims
                    if c.quantity is not None and cites(c.quantity.span, evidence)
                ]
                score.add("values_extracted", bool(found))
                exact = any(q.interval == gold_interval(value) for q in found)
                score.add("values_exact", exact)
                if not exact:
                    got = "; ".join(f"{q.span.text!r} {q.interval}" for q in found) or "nothing"
                    score.misses.append(
                        f"FIGURE {fact['id']} {value['file']} {value['evidence']!r}: want "
                        f"{gold_interval(value)}, got {got}"
                    )
        if fact["verdict"] == "conflict":
            score.add("conflicts_total")
            score.add("updates_total", fact["possible_update"])
            disjoint = [
                (a, b)
                for i, a in enumerate(values)
                for b in values[i + 1 :]
                if not gold_interval(a[0]).intersects(gold_interval(b[0]))
            ]
            finders = [
                c for c in conflicts if any(cited(c, a[1]) and cited(c, b[1]) for a, b in disjoint)
            ]
            true_conflicts |= {c.id for c in finders}
            score.add("conflicts_found", bool(finders))
            flagged = any(possible_update(c) for c in finders)
            if fact["possible_update"]:
                score.add("updates_flagged", flagged)
            if not finders:
                score.misses.append("CONFLICT MISSED " + _fact_line(run, fact, numeric, claims))
            elif fact["possible_update"] and not flagged:
                score.misses.append(
                    f"UPDATE NOT FLAGGED {fact['id']} ({fact['quantity']}): "
                    + ", ".join(f"{c.id}: {c.explanation}" for c in finders)
                )
        elif fact["verdict"] == "agree" and not fact.get("optional"):
            score.add("agreements_total")
            agreed = any(
                c.verdict == "agree" and len({e.article for _, e in values if cited(c, e)}) >= 2
                for c in numeric
            )
            score.add("agreements_found", agreed)
            if not agreed:
                score.misses.append("AGREEMENT MISSED " + _fact_line(run, fact, numeric, claims))
    for trap in run.gold["not_the_same"]:
        score.add("traps_total")
        a = locate(run, trap["a"]["file"], trap["a"]["evidence"])
        b = locate(run, trap["b"]["file"], trap["b"]["evidence"])
        fallen = [c for c in numeric if any(x != y for x in cited(c, a) for y in cited(c, b))]
        score.add("traps_compared", bool(fallen))
        if fallen:
            score.misses.append(
                f"TRAP COMPARED ({trap['why']}): {trap['a']['evidence']!r} / "
                f"{trap['b']['evidence']!r} in "
                + ", ".join(f"{c.id} {c.verdict}: {c.explanation}" for c in fallen)
            )
    contradiction_finders = score_contradictions(run, score)
    for comparison in conflicts:
        if comparison.id in true_conflicts or comparison.id in contradiction_finders:
            continue
        score.add("false_numeric" if comparison.kind == "numeric" else "false_textual")
        score.misses.append(
            f"FALSE CONFLICT {comparison.id} {comparison.kind} ({comparison.topic}): "
            f"{comparison.explanation} {_claims_text(comparison, claims)}"
        )


def _fact_line(
    run: EventRun, fact: dict[str, Any], numeric: Sequence[Comparison], claims: dict[str, Claim]
) -> str:
    """A gold fact's values, and where the tool put each."""
    values = fact["values"]
    evidence = [locate(run, v["file"], v["evidence"]) for v in values]
    return (
        f"{fact['id']} ({fact['quantity']}): "
        + " | ".join(f"{v['file'][:2]} {v['evidence']!r}" for v in values)
        + _where(run, numeric, claims, evidence)
    )


def _where(
    run: EventRun, numeric: Sequence[Comparison], claims: dict[str, Claim], evidence: list[Evidence]
) -> str:
    """Where the tool put the gold figures: the comparison of each, or nothing extracted."""
    parts = []
    for item in evidence:
        hits = [
            f"{c.id}:{c.verdict}"
            for c in numeric
            for _, claim in comparison_claims(c)
            if cites(quantity_span(claims[claim]), item)
        ]
        parts.append(",".join(hits) or "-")
    return f"  [tool: {' | '.join(parts)}]"


def _claims_text(comparison: Comparison, claims: dict[str, Claim]) -> str:
    return " / ".join(
        f"{claim}={claims[claim].span.text!r}" for _, claim in comparison_claims(comparison)
    )


# --- contradictions ---------------------------------------------------------------------------


def score_contradictions(run: EventRun, score: EventScore) -> set[str]:
    """Counts the gold contradictions found; returns the ids of the comparisons that find one."""
    claims = {c.id: c for c in run.report.claims}
    textual = [c for c in run.report.comparisons if c.kind == "textual" and c.verdict == "conflict"]
    finders: set[str] = set()
    for item in run.gold["contradictions"]:
        sides = [s for s in item["sides"] if not s.get("implicit")]
        affirm = [locate(run, s["file"], s["evidence"]) for s in sides if s["polarity"] == "affirm"]
        deny = [locate(run, s["file"], s["evidence"]) for s in sides if s["polarity"] == "deny"]
        counted = bool(affirm and deny) and not item.get("debatable")
        found = []
        for comparison in textual:
            positions = comparison.positions

            def covers(index: int, evidence: list[Evidence], p: Sequence[Any] = positions) -> bool:
                return any(cites(claims[c].span, e) for c in p[index].claims for e in evidence)

            if any(
                positions[i].polarity != positions[j].polarity
                and covers(i, affirm)
                and covers(j, deny)
                for i in range(len(positions))
                for j in range(len(positions))
            ):
                found.append(comparison.id)
        finders |= set(found)
        if counted:
            score.add("contradictions_total")
            score.add("contradictions_found", bool(found))
            if not found:
                score.misses.append(
                    f"CONTRADICTION MISSED ({item['topic']}): "
                    + " | ".join(
                        f"{s['polarity']} {s['asserted_by']} {s['file'][:2]} {s['evidence']!r}"
                        for s in sides
                    )
                )
    return finders


# --- quotes, stances, timeline ----------------------------------------------------------------

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def names_of(gold: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    return frozenset(normalise(_PARENTHESIS.sub("", n)) for n in (gold, *aliases) if n)


def right_name(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    """eval_stances' rule (equal, or a gold name ends a predicted one), or the same surname."""
    if same_actor(gold, predicted):
        return True
    surnames = {g.split()[-1] for g in gold if g}
    return any(p.split()[-1] in surnames for p in predicted if p and len(p.split()) > 0)


def _entity_names(report: Report, entity_id: str | None, name: str) -> frozenset[str]:
    names = {name}
    entity = next((e for e in report.entities if e.id == entity_id), None) if entity_id else None
    if entity is not None:
        names |= {entity.name, *entity.aliases}
    return frozenset(normalise(n) for n in names if n)


def score_quotes(run: EventRun, score: EventScore) -> None:
    report = run.report
    for item in run.gold["quotes"]:
        if item.get("optional"):
            continue
        evidence = locate(run, item["file"], item["text_start"])
        matched = [q for q in report.quotes if cites(q.parts[0] if q.parts else q.span, evidence)]
        gold_names = names_of(item["speaker"], item.get("speaker_aliases", ()))
        right = any(
            q.speaker is not None
            and right_name(gold_names, _entity_names(report, q.speaker.entity, q.speaker.name))
            for q in matched
        )
        kinds = ["all"] + (["direct"] if item["direct"] else [])
        for kind in kinds:
            score.add(f"quotes_{kind}_total")
            score.add(f"quotes_{kind}_matched", bool(matched))
            score.add(f"quotes_{kind}_speaker", right)
        if item["direct"] and not right:
            got = (
                "; ".join(f"{q.speaker.name if q.speaker else None!r}" for q in matched)
                or "no quote"
            )
            score.misses.append(
                f"QUOTE {item['file'][:2]} {item['text_start']!r} ({item['form']}): want "
                f"{item['speaker']!r}, got {got}"
            )


def score_stances(run: EventRun, score: EventScore) -> None:
    report = run.report
    for item in run.gold["stances"]:
        score.add("stances_total")
        gold_names = names_of(item["actor"], item.get("actor_aliases", ()))
        evidence = [locate(run, f, text) for f, text in item["evidence"].items()]
        found = [
            s
            for s in report.stances
            if same_actor(gold_names, _entity_names(report, s.actor.entity, s.actor.name))
            and any(cites(span, e) for span in (*s.spans, *s.cues) for e in evidence)
        ]
        score.add("stances_found", bool(found))
        label = bool(found) and (
            bool(item.get("debatable")) or any(s.stance == item["stance"] for s in found)
        )
        score.add("stances_label", label)
        if not label:
            got = ", ".join(f"{s.stance} ({s.actor.name})" for s in found) or "nothing"
            score.misses.append(
                f"STANCE {item['actor']} {item['stance']} {item['target']!r}: got {got}"
            )


def right_date(item: dict[str, Any], date: str, precision: str) -> bool:
    want: str = item["date"]
    if item["precision"] == "day":
        return date == want and precision == "day"
    if item["precision"] == "month":
        return date[:7] == want and precision in ("day", "month")
    return date[:4] == want


def score_timeline(run: EventRun, score: EventScore) -> None:
    for item in run.gold["timeline"]:
        if item.get("optional"):
            continue
        evidence = [locate(run, f, text) for f, text in item["evidence"].items()]
        found = [
            t
            for t in run.report.timeline
            if any(cites(span, e) for span in t.spans for e in evidence)
        ]
        right = any(right_date(item, t.date, t.precision) for t in found)
        score.add("timeline_total")
        score.add("timeline_found", bool(found))
        score.add("timeline_right", right)
        if item.get("relative"):
            score.add("relative_total")
            score.add("relative_right", right)
        if not right:
            got = ", ".join(f"{t.date} {t.precision}" for t in found) or "nothing"
            score.misses.append(
                f"DATE {item['date']} {item['precision']} {item['event']!r}: got {got}"
            )


# --- omissions (read by hand) -----------------------------------------------------------------


def describe_omission(report: Report, kind: str, ref: str) -> str:
    if kind == "comparison":
        comparison = next(c for c in report.comparisons if c.id == ref)
        return f"{comparison.verdict} {comparison.topic}: {comparison.explanation}"
    if kind == "stance":
        stance = next(s for s in report.stances if s.id == ref)
        return f"{stance.actor.name} {stance.stance} {stance.target}"
    # a quote omission names a quote or a statement (the same words across outlets)
    quote = next((q for q in report.quotes if ref in (q.id, q.statement)), None)
    if quote is None:
        return "?"
    speaker = quote.speaker.name if quote.speaker else "?"
    return f"{speaker}: {quote.span.text[:100]!r}"


def list_omissions(run: EventRun, score: EventScore) -> None:
    for file, items in run.gold["omissions"].items():
        article = run.ids[file]
        gold = [i for i in items if "(later event" not in i][:3]
        tool = sorted(
            (o for o in run.report.omissions if o.article == article), key=lambda o: o.rank
        )
        score.omissions.append(f"{file} ({run.article(file).outlet}, {article})")
        score.omissions += [f"   gold {n}. {text}" for n, text in enumerate(gold, 1)]
        score.omissions += [
            f"   tool {o.rank}. [{o.kind} {o.ref}] {describe_omission(run.report, o.kind, o.ref)}"
            for o in tool[:10]
        ]


# --- the figures ------------------------------------------------------------------------------


def score_event(run: EventRun) -> EventScore:
    score = EventScore(run.name)
    score_numbers(run, score)
    score_quotes(run, score)
    score_stances(run, score)
    score_timeline(run, score)
    list_omissions(run, score)
    return score


def total(scores: Iterable[EventScore]) -> dict[str, int]:
    summed = dict.fromkeys(COUNTS, 0)
    for score in scores:
        for key, value in score.counts.items():
            summed[key] += value
    return summed


def evaluate(
    group: str = "tuning", data: Path = DATA, settings: Settings | None = None
) -> dict[str, EventScore]:
    """The score of each event of `group` (tuning, heldout or all), by event name."""
    settings = settings or from_env()
    return {name: score_event(run_event(name, data, settings)) for name in GROUPS[group]}


def figures(group: str = "tuning", data: Path = DATA) -> dict[str, int]:
    """The summed counts over the events of `group`: what the gates pin."""
    return total(evaluate(group, data).values())


LINES = (
    ("numeric conflicts found", "conflicts_found", "conflicts_total"),
    ("updates flagged (possible_update)", "updates_flagged", "updates_total"),
    ("contradictions between actors found", "contradictions_found", "contradictions_total"),
    ("agreements found", "agreements_found", "agreements_total"),
    ("look-alike traps wrongly compared", "traps_compared", "traps_total"),
    ("gold figures extracted", "values_extracted", "values_total"),
    ("gold figures with the exact interval", "values_exact", "values_total"),
    ("direct quotes found", "quotes_direct_matched", "quotes_direct_total"),
    ("direct quotes with the right speaker", "quotes_direct_speaker", "quotes_direct_total"),
    ("all quotes with the right speaker", "quotes_all_speaker", "quotes_all_total"),
    ("stances found", "stances_found", "stances_total"),
    ("stances with the right label", "stances_label", "stances_total"),
    ("timeline dates found", "timeline_found", "timeline_total"),
    ("timeline dates right", "timeline_right", "timeline_total"),
    ("relative timeline dates right", "relative_right", "relative_total"),
)


def render(counts: dict[str, int], events: int) -> list[str]:
    lines = []
    for label, found, out_of in LINES:
        n, d = counts[found], counts[out_of]
        lines.append(f"{label:40s} {n:4d} of {d:4d}" + (f" = {n / d:.3f}" if d else ""))
    false = counts["false_numeric"] + counts["false_textual"]
    lines.append(
        f"{'false conflicts (numeric + textual)':40s} {false:4d} "
        f"({counts['false_numeric']} numeric, {counts['false_textual']} textual; "
        f"{events} events, aim at most {events / 3:.1f})"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", choices=tuple(GROUPS), default="tuning")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--detail", action="store_true", help="misses and omission lists (tuning events only)"
    )
    args = parser.parse_args(argv)
    if args.detail and args.events != "tuning":
        parser.error("--detail is for the tuning events only: the held-out events stay unread")
    result: dict[str, Any] = {}
    groups = ("tuning", "heldout") if args.events == "all" else (args.events,)
    for group in groups:
        scores = evaluate(group, args.data)
        summed = total(scores.values())
        print(f"== {group}: {', '.join(scores)}")
        for line in render(summed, len(scores)):
            print("   " + line)
        result[group] = {"total": summed}
        if group == "tuning":
            result[group]["events"] = {name: s.counts for name, s in scores.items()}
            for name, score in scores.items():
                print(f"-- {name}")
                for line in render(score.counts, 1):
                    print("   " + line)
                if args.detail:
                    for line in score.misses:
                        print("   ! " + line)
                    print("   omissions (gold's first three, then the report's top ten):")
                    for line in score.omissions:
                        print("     " + line)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
