"""The neutral summary on NeuS / AllSides (val split): ROUGE and the arousal framing-bias score.

    /work/venv/bin/python bench/eval_neus.py [--stories N] [--systems lead,lexrank,rashomon]
                                             [--data DIR] [--json FILE] [--show K]
    /work/venv/bin/python bench/eval_neus.py --conflicts    # every conflict rashomon reports, to
                                                            # judge on stories never tuned on

Data: ../shared/data/neus_allsides/probe_format/val.{source,target} (307 stories; each source
line holds three short excerpts `TITLE=> … ARTICLE=> …` separated by `[SEP]`; each target line
is the AllSides editors' neutral summary `TITLE=> … ARTICLE=> …`). Evaluation only: nothing
here copies the data anywhere.

Protocol (issue 5):
- reference: the target's body (the `TITLE=> …` part and both markers stripped);
- budget: the mean word count of the reference bodies of the whole val split (66), also
  when only the first N stories are evaluated; every system's output is cut to that many
  whitespace words;
- ROUGE-1/2/L F1 × 100 from `rouge-score` with `use_stemmer=True`, averaged over stories;
- arousal (NeuS, Lee et al. 2022, `metric_code.ipynb`): both texts normalised ("U.S." →
  "USA", lower case, characters that are neither word characters nor spaces dropped, tokens
  lemmatised as nouns with WordNet); the SET of the summary's tokens minus the tokens of the
  whole target line (title included, as the paper does); Arousal+ = sum of the NRC-VAD arousal
  of the remaining tokens with valence > 0.65, Arousal- = the same with valence < 0.35; the
  score is Arousal+ + Arousal-, averaged over stories. Lower is less framing bias. The NRC-VAD
  lexicon is read from the data folder here, in evaluation only; the product never reads it.
  WordNet comes from Debian's `wordnet-base` (/usr/share/wordnet) through nltk's
  `WordNetCorpusReader` (evaluation only).

Systems, all on the same sentences of the excerpt bodies (titles are not summary material:
they are the outlets' most loaded lines, and the target is compared on its body):
- lead: the first sentence of each source in turn, then the second, …;
- lexrank: sumy's LexRank (stemmed, English stop words) over sentences we split ourselves
  (NLTK's punkt cannot be downloaded), taken best-first;
- rashomon: one `Article` per excerpt (ids a1..a3, outlets "source 1".."source 3", text = the
  excerpt's body, title in `Article.title`), `analyze_articles(articles, settings)` with
  `summary_words` = the budget; the report's summary sentences in order.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = PROJECT_ROOT.parent / "shared" / "data" / "neus_allsides"
WORDNET_DIR = Path("/usr/share/wordnet")
SYSTEMS = ("lead", "lexrank", "rashomon")


@dataclass(frozen=True)
class Source:
    title: str
    body: str


@dataclass(frozen=True)
class Story:
    number: int
    sources: tuple[Source, ...]
    target_line: str  # the whole target line, markers included (the arousal reference)
    target_body: str  # the body only (the ROUGE reference and the budget)


# -- data -------------------------------------------------------------------------------------

_PART = re.compile(r"^\s*TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*?)\s*$", re.S)


def _split_part(part: str) -> Source:
    match = _PART.match(part)
    if match is None:
        return Source("", part.strip())
    return Source(match["title"], match["body"])


def load_stories(root: Path = DEFAULT_ROOT, limit: int | None = None) -> list[Story]:
    folder = root / "probe_format"
    sources = (folder / "val.source").read_text(encoding="utf-8").splitlines()
    targets = (folder / "val.target").read_text(encoding="utf-8").splitlines()
    if len(sources) != len(targets):
        raise SystemExit(f"{folder}: {len(sources)} source lines but {len(targets)} targets")
    stories = []
    for number, (source, target) in enumerate(zip(sources, targets, strict=True)):
        if limit is not None and number >= limit:
            break
        parts = tuple(_split_part(p) for p in source.split("[SEP]"))
        stories.append(Story(number, parts, target, _split_part(target).body))
    return stories


def budget_of(stories: Sequence[Story]) -> int:
    """The reference bodies' mean length in words, rounded."""
    return round(statistics.fmean(len(s.target_body.split()) for s in stories))


def cut(text: str, budget: int) -> str:
    return " ".join(text.split()[:budget])


# -- sentences (ours: NLTK's punkt cannot be downloaded) --------------------------------------

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm st jr sr rev hon pres
    no nos inc co corp ltd dept univ vs etc fig al approx est jan feb mar apr jun jul aug sep
    sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich
    minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo""".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`: a boundary is terminal punctuation (and closing quotes) followed
    by space and a capital or digit, unless the word before is an abbreviation or an initial
    ("Sen.", "U.S.", "J.")."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start() + 1].split()
        last = before[-1].rstrip(".!?\"”’')]").lower() if before else ""
        if text[match.start()] == "." and (
            last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last)
        ):
            continue
        piece = text[start : match.end()].strip()
        if piece:
            sentences.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


# -- baselines --------------------------------------------------------------------------------


def lead(story: Story, budget: int) -> str:
    """The first sentence of each source in turn, then the second, …"""
    split = [split_sentences(s.body) for s in story.sources]
    chosen: list[str] = []
    for rank in range(max(len(s) for s in split)):
        chosen += [sentences[rank] for sentences in split if rank < len(sentences)]
        if sum(len(c.split()) for c in chosen) >= budget:
            break
    return cut(" ".join(chosen), budget)


class _Words:
    """sumy's tokenizer interface, on a regular expression instead of NLTK's punkt."""

    language = "english"

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", sentence))

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))


def lexrank(story: Story, budget: int) -> str:
    """sumy's LexRank over our sentences of the three bodies, best first, until the budget."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Words()
    paragraphs = [
        Paragraph([Sentence(s, tokenizer) for s in split_sentences(source.body)])
        for source in story.sources
    ]
    document = ObjectDocumentModel(paragraphs)
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ranked = summarizer(document, len(document.sentences))  # all of them, in document order
    ratings = _lexrank_ratings(summarizer, document)
    order = sorted(range(len(ranked)), key=lambda i: (-ratings[i], i))
    chosen: list[str] = []
    for index in order:
        chosen.append(str(document.sentences[index]))
        if sum(len(c.split()) for c in chosen) >= budget:
            break
    return cut(" ".join(chosen), budget)


def _lexrank_ratings(summarizer: Any, document: Any) -> list[float]:
    """The LexRank score of every sentence (sumy only returns the best ones, in order)."""
    words = [summarizer._to_words_set(s) for s in document.sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    return [float(x) for x in summarizer.power_method(matrix, summarizer.epsilon)]


# -- rashomon ---------------------------------------------------------------------------------


def articles_of(story: Story) -> list[Any]:
    """One `Article` per excerpt: text = the body, title in the metadata."""
    from rashomon.model import Article

    return [
        Article(
            id=f"a{n}",
            text=source.body,
            outlet=f"source {n}",
            title=source.title or None,
            word_count=len(source.body.split()),
        )
        for n, source in enumerate(story.sources, start=1)
    ]


def rashomon_report(story: Story, budget: int, settings: Any = None) -> Any:
    from rashomon.analyze import analyze_articles
    from rashomon.config import Settings

    settings = (settings or Settings()).replace(summary_words=budget)
    return analyze_articles(articles_of(story), settings)


def rashomon_summary(story: Story, budget: int, settings: Any = None) -> str:
    report = rashomon_report(story, budget, settings)
    return cut(" ".join(s.text for s in report.summary), budget)


# -- scores -----------------------------------------------------------------------------------


@cache
def _rouge() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def rouge(summary: str, reference: str) -> dict[str, float]:
    scores = _rouge().score(reference, summary)
    return {name: 100 * score.fmeasure for name, score in scores.items()}


_LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact
noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling noun.food
noun.group noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant
noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance
noun.time verb.body verb.change verb.cognition verb.communication verb.competition
verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl""".split()
_LEX_POS = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}


@cache
def _wordnet() -> Any:
    """nltk's WordNetCorpusReader over Debian's wordnet-base.

    The Debian package lacks the `lexnames` file that the reader opens (WordNet's fixed list
    of its 45 lexicographer files), so the reader gets a private folder of links to the
    package's files plus that list; nltk only reads under the folders named in NLTK_DATA."""
    if not (WORDNET_DIR / "index.noun").exists():
        raise SystemExit(f"{WORDNET_DIR} is missing: apt-get install -y wordnet-base")
    folder = Path(tempfile.mkdtemp(prefix="rashomon-wordnet-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for path in WORDNET_DIR.iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    (folder / "lexnames").write_text(
        "".join(
            f"{n:02d}\t{name}\t{_LEX_POS[name.split('.')[0]]}\n" for n, name in enumerate(_LEXNAMES)
        )
    )
    paths = [p for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    os.environ["NLTK_DATA"] = os.pathsep.join([*paths, str(folder)])
    import warnings

    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class Reader(WordNetCorpusReader):  # type: ignore[misc]
        def map_wn(self, version: str = "wordnet") -> None:
            return None  # the map to NLTK's own WordNet copy (for OMW): not needed here

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return Reader(str(folder), None)


@cache
def _noun_lemma(word: str) -> str:
    """As nltk's WordNetLemmatizer().lemmatize(word) (pos "n") does."""
    lemmas = _wordnet()._morphy(word, "n")
    return min(lemmas, key=len) if lemmas else word


def _tokens(text: str) -> list[str]:
    text = re.sub(r"[^\w\s]", "", text.replace("U.S.", "USA").lower())
    return [_noun_lemma(w) for w in text.split()]


@cache
def _vad(root: Path = DEFAULT_ROOT) -> dict[str, tuple[float, float]]:
    """NRC-VAD: word → (valence, arousal). Evaluation only."""
    table = {}
    for line in (root / "lexicons" / "NRC-VAD-Lexicon.txt").read_text().splitlines():
        word, valence, arousal, _ = line.split("\t")
        table[word] = (float(valence), float(arousal))
    return table


def arousal(summary: str, target_line: str, root: Path = DEFAULT_ROOT) -> float:
    """Arousal+ + Arousal- of the summary's tokens that the target line does not use."""
    vad = _vad(root)
    extra = set(_tokens(summary)) - set(_tokens(target_line))
    score = 0.0
    for token in extra:
        if token in vad:
            valence, value = vad[token]
            if valence > 0.65 or valence < 0.35:
                score += value
    return score


# -- the run ----------------------------------------------------------------------------------


@dataclass
class Result:
    system: str
    rouge1: float
    rouge2: float
    rougeL: float
    arousal: float
    seconds: float
    summaries: list[str]


def evaluate(
    stories: Sequence[Story],
    systems: Sequence[str] = SYSTEMS,
    budget: int | None = None,
    settings: Any = None,
    root: Path = DEFAULT_ROOT,
    on_story: Callable[[str, int], None] | None = None,
) -> dict[str, Result]:
    budget = budget or budget_of(stories)
    runners: dict[str, Callable[[Story, int], str]] = {
        "lead": lead,
        "lexrank": lexrank,
        "rashomon": lambda story, words: rashomon_summary(story, words, settings),
    }
    results = {}
    for system in systems:
        started = time.perf_counter()
        summaries = []
        for story in stories:
            summaries.append(cut(runners[system](story, budget), budget))
            if on_story is not None:
                on_story(system, story.number)
        seconds = time.perf_counter() - started
        scores = [rouge(s, t.target_body) for s, t in zip(summaries, stories, strict=True)]
        results[system] = Result(
            system=system,
            rouge1=statistics.fmean(s["rouge1"] for s in scores),
            rouge2=statistics.fmean(s["rouge2"] for s in scores),
            rougeL=statistics.fmean(s["rougeL"] for s in scores),
            arousal=statistics.fmean(
                arousal(s, t.target_line, root) for s, t in zip(summaries, stories, strict=True)
            ),
            seconds=seconds,
            summaries=summaries,
        )
    return results


def print_conflicts(stories: Sequence[Story], budget: int, settings: Any) -> None:
    """Every conflict rashomon reports, with one claim of each side: for judging by hand how
    many are false on stories the claims engine was never tuned on."""
    count = 0
    for story in stories:
        report = rashomon_report(story, budget, settings)
        claims = {claim.id: claim for claim in report.claims}
        for comparison in report.comparisons:
            if comparison.verdict != "conflict":
                continue
            count += 1
            print(f"story #{story.number} {comparison.kind}: {comparison.explanation}")
            for position in comparison.positions:
                claim = claims[position.claims[0]]
                print(f"    {claim.span.article}: {claim.span.text}")
    print(f"{count} conflicts over {len(stories)} stories")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=None, help="the first N stories only")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--data", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--encoder", default=None, help="rashomon's encoder (default: settings)")
    parser.add_argument("--json", type=Path, default=None, help="write summaries and scores")
    parser.add_argument("--show", type=int, default=0, help="print K stories' summaries")
    parser.add_argument(
        "--conflicts",
        action="store_true",
        help="list every conflict rashomon reports (claims engine, issue 3) instead of scoring",
    )
    args = parser.parse_args(argv)

    from rashomon.config import from_env

    settings = from_env()
    if args.encoder:
        settings = settings.replace(encoder=args.encoder)
    every_story = load_stories(args.data)
    budget = budget_of(every_story)
    stories = every_story[: args.stories] if args.stories else every_story
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    print(f"NeuS val: {len(stories)} stories, budget {budget} words (reference bodies' mean)")
    sys.stdout.flush()
    if args.conflicts:
        print_conflicts(stories, budget, settings)
        return 0

    def progress(system: str, number: int) -> None:
        if (number + 1) % 50 == 0:
            print(f"  {system}: {number + 1} stories", file=sys.stderr, flush=True)

    results = evaluate(stories, systems, budget, settings, args.data, progress)
    print(f"{'system':<10} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'arousal':>8} {'seconds':>8}")
    for result in results.values():
        print(
            f"{result.system:<10} {result.rouge1:6.2f} {result.rouge2:6.2f} {result.rougeL:6.2f}"
            f" {result.arousal:8.3f} {result.seconds:8.1f}"
        )
    for story in stories[: args.show]:
        print(f"\n#{story.number} target: {story.target_body}")
        for result in results.values():
            print(f"  {result.system}: {result.summaries[story.number]}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "stories": len(stories),
                    "budget": budget,
                    "results": {
                        name: {
                            "rouge1": r.rouge1,
                            "rouge2": r.rouge2,
                            "rougeL": r.rougeL,
                            "arousal": r.arousal,
                            "seconds": r.seconds,
                            "summaries": r.summaries,
                        }
                        for name, r in results.items()
                    },
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
