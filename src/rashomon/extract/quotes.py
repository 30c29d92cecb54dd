"""Quotes and their speakers: direct quotes (between quotation marks) and indirect speech.

`extract_quotes(article, doc)` is a pure function of an article and its spaCy `Doc` (parsed
from `article.text`, so token offsets are offsets into the article). It never raises on odd
punctuation: quotation marks are paired paragraph by paragraph, so an unmatched mark costs at
most the quote it opens and never the other quotes of the article.

Direct quotes, step by step:

1. **Marks** (extract/marks.py). Double marks, straight, curly or mismatched, are paired
   with a stack inside one paragraph; a quote left open at the end of a paragraph continues
   when the next paragraph opens with a mark; curly single marks make a quote of their own
   only outside double marks. A name in marks (at most six capitalised words, no
   closing punctuation but the full stop of a sentence it ends, `on “Fox and Friends.”`: a
   show, a forum, a slogan) is not a quote unless a naming verb takes it (`called her “Miss
   Piggy”`).
2. **Attribution** (extract/attribution.py), a cascade; the first step that succeeds wins:
   `dash` (`“…” ― Name` at the end of a paragraph), `trailer` (`“…,” said X`, `“…” X said`,
   `“…,” reads a statement from X`), `lead` (`X said: “…”`, `X said that “…”`, `saying: “…”`,
   `X congratulated “…”`, `X continued:` closing the previous paragraph), `path` (a partial
   quote inside a sentence, `called the results “surprising”`: from the quote up the
   dependency tree to the nearest attribution verb, whose subject speaks, or to a claim noun,
   whose owner speaks: `Trump's claim that there were “thousands of shootings”`),
   `continuation` (a quote that is a sentence or a paragraph of its own, right after a quote
   of speaker X in the same or the previous paragraph, is X's; so is a cue-less quote of four
   words or more in a paragraph where X was quoted before), else no speaker. A quote with no
   speaker that is short of a clause (fewer than five words, or no verb: a term, a scare
   quote, `the “public option”`) is not a quote at all.
3. **Split quotes.** `“…,” X told reporters, “…”` (the first part ends with a comma and the
   cue frame between the parts ends with a comma, or with `, but` / `, and`; the full stop of
   `Mr.` or an initial does not count) is one `Quote`: `parts` holds each piece without its
   marks, `span` runs from the start of the first piece to the end of the last one (the exact
   article text between them, cue included). So is `“…,” X said. “…”`: a quote standing alone
   in the same paragraph right after the quote it continues is its next part. A quote of
   several paragraphs is stored the same way (one part per paragraph).
4. **Partial quotes are mixed quotes.** A quote is direct when it makes most of what its cue
   reports: at least `MOSTLY_QUOTED` (80%) of the non-space characters of the cue's reported
   material (the cue's complements that hold the quote, within the sentence and the quote's
   paragraph; a quote closed by its own punctuation ends it), marks included. Otherwise it is
   a partial quote, and the `Quote` is the reported material with the quoted words inside,
   `direct=False` (`called the results “surprising”` → `the results “surprising”`, cue
   "called"); partial quotes of one cue make one quote, which is direct again when together
   they make most of it (`called Trump a “liar” who is “utterly amoral”` → two parts). A quote
   with no attribution of its own inside the clause of an indirect quote is part of that one.
5. **Speakers** (extract/speakers.py, `Resolver`): the person entity inside the subject's noun
   phrase, a surname or a pronoun resolved to a full name, a short description to the mention
   it refers back to; the speaker's span stays on the words that speak in the attribution.

Indirect speech (`direct=False`, extract/indirect.py): a speech verb with a clausal
complement (`X said that …`), a verb of thinking or showing with one, an intention, object
control, `X accused Y of …`, `X called for …`, `according to X, …`, and a denial (`X denied
that …`, `X rejected claims that …`: `denied=True`, the cue through the denied noun, "rejected
claims"; a partial quote in a denied clause is denied too). The content span is the
reported clause (without the complementiser "that"), inside the cue's paragraph; a reported
clause that is mostly a direct quote, or whose cue already introduces a direct or a mixed
quote, is left to that quote.

`cue` is never None: the speech verb or phrase ("said", "told reporters", "according to",
"called for"); for a dash attribution the dash; for a continuation the cue of the quote it
continues; for a quote with no cue in the text, its opening quotation mark.

The spaCy factory `rashomon_quotes` sets `doc._.quotes` by calling `extract_quotes` on a
placeholder article built from `doc.text`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.extract.attribution import Attribution, Attributor, Tokens
from rashomon.extract.indirect import Indirect, denies
from rashomon.extract.marks import Region, paragraph_index, quoted_regions
from rashomon.extract.speakers import Resolver, text_span
from rashomon.model import Article, Quote, Speaker

# a quote holding this share of what its cue reports (non-space characters) is direct
MOSTLY_QUOTED = 0.8


def extract_quotes(article: Article, doc: Any, resolver: Resolver | None = None) -> list[Quote]:
    """Direct and indirect quotes of one article, ids and statements left empty ("").

    `resolver` is the article's speaker resolver (built on the same `doc`), shared with the
    stances; without one, one is built."""
    text = article.text
    regions = quoted_regions(text)
    attributor = Attributor(article, doc, regions, resolver)

    items: list[_Item] = []
    k = 0
    while k < len(regions):
        found = attributor.attribute(k)
        region = regions[k]
        if attributor.is_title(k, found):
            k += 1
            continue
        if found.material is not None and not _mostly_quoted(text, [found.material], [region]):
            _add_partial(items, found, region)
            k += 1
            continue
        parts = list(region.parts)
        last_para, close = region.last_para, region.close_mark
        if attributor.split_with_next(k, found.how):
            parts += regions[k + 1].parts
            last_para, close = regions[k + 1].last_para, regions[k + 1].close_mark
            k += 1
        items.append(
            _Item(
                parts,
                True,
                found.cue,
                found.speaker,
                found.how,
                region.first_para,
                last_para,
                region.open_mark,
                close,
            )
        )
        k += 1

    items = [_settled(item, text) for item in items]
    paragraph_of = paragraph_index(attributor.paragraphs)
    indirect = []
    for parts, cue, speaker in Indirect(attributor).extract():
        para = paragraph_of(parts[0][0])
        indirect.append(_Item(parts, False, cue, speaker, "indirect", para, para, cue, cue))
    cues = {item.cue for item in items if item.direct or item.how == "mixed"}
    indirect = [item for item in indirect if item.cue not in cues]
    items = _absorbed(items, indirect) + indirect
    items.sort(key=lambda item: (item.parts[0][0], not item.direct))

    items = _join_continuations(items, _continue_speakers(items, text))
    items = [item for item in items if not _scare_quote(item, attributor.tokens)]

    quotes = []
    for item in items:
        first, last = item.parts[0][0], item.parts[-1][1]
        cue = item.cue if item.cue is not None else item.open_mark
        cue_token = attributor.tokens.at(cue[0])
        denied = not item.direct and cue_token is not None and denies(cue_token, first)
        quotes.append(
            Quote(
                id="",
                span=text_span(article.id, text, first, last),
                parts=tuple(text_span(article.id, text, a, b) for a, b in item.parts),
                direct=item.direct,
                cue=text_span(article.id, text, cue[0], cue[1]),
                speaker=item.speaker,
                statement="",
                denied=denied,
            )
        )
    return quotes


@dataclass
class _Item:
    parts: list[tuple[int, int]]
    direct: bool
    cue: tuple[int, int] | None
    speaker: Speaker | None
    how: str
    first_para: int
    last_para: int
    open_mark: tuple[int, int]
    close_mark: tuple[int, int]
    quotes: list[Region] = field(default_factory=list)  # the partial quotes of a mixed one


def _scare_quote(item: _Item, tokens: Tokens) -> bool:
    """Words in quotation marks that nobody is said to say, short of a clause (fewer than
    five words or no verb): a term, a name, a scare quote (`the “public option”`)."""
    if item.how != "none" or item.speaker is not None:
        return False
    words = [t for a, b in item.parts for t in tokens.between(a, b) if t.is_alpha]
    return len(words) < 5 or not any(t.pos_ in {"VERB", "AUX"} for t in words)


def _letters(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if not c.isspace())


def _mostly_quoted(
    text: str, material: Sequence[tuple[int, int]], quotes: Sequence[Region]
) -> bool:
    """Whether the quotes (marks included) make at least `MOSTLY_QUOTED` of the non-space
    characters of what their cue reports (then they are direct quotes, not partial ones)."""
    quoted = sum(_letters(text, q.open_mark[0], q.close_mark[1]) for q in quotes)
    return quoted >= MOSTLY_QUOTED * sum(_letters(text, a, b) for a, b in material)


def _add_partial(items: list[_Item], found: Attribution, region: Region) -> None:
    """A partial quote as part of what it belongs to: the reported material of its cue,
    with the quoted words inside (`called the results “surprising”`); partial quotes of one
    cue (`called it “a con” and “a disgrace”`) make one."""
    assert found.material is not None
    start, end = found.material
    previous = items[-1] if items else None
    if previous is not None and previous.how == "mixed" and previous.cue == found.cue:
        previous.parts = _union([*previous.parts, (start, end)])
        previous.quotes.append(region)
        previous.last_para, previous.close_mark = region.last_para, region.close_mark
        return
    items.append(
        _Item(
            [(start, end)],
            False,
            found.cue,
            found.speaker,
            "mixed",
            region.first_para,
            region.last_para,
            region.open_mark,
            region.close_mark,
            [region],
        )
    )


def _union(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _settled(item: _Item, text: str) -> _Item:
    """A group of partial quotes that makes most of what its cue reports is a direct quote
    in several parts (`called Trump “a liar” who is “utterly amoral”`)."""
    if item.how != "mixed" or not _mostly_quoted(text, item.parts, item.quotes):
        return item
    parts = [part for region in item.quotes for part in region.parts]
    return dataclasses.replace(item, parts=parts, direct=True, how="partials", quotes=[])


def _absorbed(items: list[_Item], indirect: Sequence[_Item]) -> list[_Item]:
    """`items` without the quotes with no attribution of their own that lie inside the clause
    of an indirect quote, which reports them (`X said the deal was “a disaster”`)."""

    def inside(item: _Item) -> bool:
        a, b = item.open_mark[0], item.close_mark[1]
        return any(other.parts[0][0] <= a and b <= other.parts[-1][1] for other in indirect)

    return [item for item in items if not (item.how == "none" and inside(item))]


def _continue_speakers(items: list[_Item], text: str) -> dict[int, int]:
    """A quote standing alone right after a quote of X (same or previous paragraph) is X's;
    so is a quote with no cue of its own, a clause long (four words or more, or ending a
    sentence), inside a paragraph where X is quoted before it (a short scare quote is not).
    Returns, for each quote that stands alone, the index of the quote it continues."""
    continued: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.how == "continuation":
            first_para = item.first_para - 1
        elif item.how == "none":
            content = text[item.parts[0][0] : item.parts[-1][1]]
            if len(content.split()) < 4 and content.rstrip()[-1:] not in {".", "!", "?"}:
                continue
            first_para = item.first_para
        else:
            continue
        previous = [
            p
            for p in items[:index]
            if p.speaker is not None
            and p.last_para >= first_para
            and p.parts[-1][1] <= item.parts[0][0]
            and (p.direct or item.how == "continuation")
        ]
        if previous:
            source = previous[-1]
            quoted = [p for p in previous if p.direct]
            if quoted and not source.direct and _same_speaker(source, quoted[-1]):
                # `“…,” X said, noting that … “…”`: the quote goes on after X's aside
                source = quoted[-1]
            item.speaker = source.speaker
            item.cue = source.cue
            if item.how == "continuation":
                continued[index] = next(i for i, p in enumerate(items) if p is source)
    return continued


def _same_speaker(a: _Item, b: _Item) -> bool:
    return a.speaker is not None and b.speaker is not None and a.speaker.name == b.speaker.name


def _join_continuations(items: list[_Item], continued: dict[int, int]) -> list[_Item]:
    """`“…,” X said. “…”`: a quote standing alone in the paragraph of the direct quote it
    continues, right after it, is the rest of that quote (one more part)."""
    out: list[_Item] = []
    joined: dict[int, _Item] = {}
    for index, item in enumerate(items):
        source_index = continued.get(index)
        if source_index is not None and item.direct:
            source = joined.get(source_index, items[source_index])
            between = [other for other in items[source_index + 1 : index] if other.direct]
            if source.direct and source.last_para == item.first_para and not between:
                source.parts.extend(item.parts)
                source.last_para, source.close_mark = item.last_para, item.close_mark
                joined[index] = source
                continue
        out.append(item)
    return out


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuoteComponent:
    """A pipeline component: `nlp.add_pipe("rashomon_quotes")` sets `doc._.quotes`."""

    def __init__(self, article_id: str = "doc") -> None:
        self.article_id = article_id

    def __call__(self, doc: Any) -> Any:
        article = Article(id=self.article_id, text=doc.text, outlet="")
        doc._.quotes = extract_quotes(article, doc)
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterable[Any]:
        for doc in docs:
            yield self(doc)


def make_quote_component(nlp: Any, name: str, article_id: str) -> QuoteComponent:
    """The factory of `rashomon_quotes`."""
    return QuoteComponent(article_id)


if not Language.has_factory("rashomon_quotes"):
    Language.factory(
        "rashomon_quotes",
        default_config={"article_id": "doc"},
        requires=["token.dep", "token.lemma", "doc.ents"],
        assigns=["doc._.quotes"],
        func=make_quote_component,
    )
