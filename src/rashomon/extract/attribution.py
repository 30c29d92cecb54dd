"""Who says a direct quote: the attribution cascade (step 2 of extract/quotes.py).

`dash` (`“…” ― Name` at the end of a paragraph), `trailer` (`“…,” said X`, `“…” X said`,
`“…,” reads a statement from X`), `lead` (`X said: “…”`, `X said that “…”`, `saying: “…”`,
`X congratulated “…”`, `X continued:` closing the previous paragraph), `path` (a partial quote
inside a sentence, `called the results “surprising”`: from the quote up the dependency tree to
the nearest attribution verb, whose subject speaks, or to a claim noun, whose owner speaks:
`Trump's claim that there were “thousands of shootings”`), `continuation` (a quote that is a
sentence of its own), else none. Also what a cue reports (the material of a partial quote),
names in quotation marks that are no quote, and quotes split by their cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rashomon.extract.marks import (
    SINGLE_MARKS,
    Region,
    content_bounds,
    in_ranges,
    paragraph_index,
    paragraph_spans,
)
from rashomon.extract.speakers import Resolver
from rashomon.extract.syntax import (
    ATTRIBUTION_LEMMAS,
    CALL_FOR_LEMMAS,
    DOCUMENT_NOUNS,
    cut_contrast,
    is_speech,
    owner_of,
    subject_of,
    subtree_bounds,
    trailing_cue,
)
from rashomon.model import Article, Speaker
from rashomon.words.speech import SPEECH_LEMMAS

# Verbs whose object in quotation marks is a name someone gave (`called her “Miss Piggy”`).
NAMING_LEMMAS = frozenset("call dub label brand term name nickname describe".split())

# Nouns for something said whose owner speaks: "Trump's claim that …".
CLAIM_NOUNS = frozenset(
    """
    claim assertion remark comment promise pledge warning accusation allegation argument
    insistence characterization characterisation description vow threat suggestion
    """.split()
)


@dataclass
class Attribution:
    cue: tuple[int, int] | None
    speaker: Speaker | None
    how: str
    # a partial quote: what its cue reports, the quote inside (`the results “surprising”`)
    material: tuple[int, int] | None = None


class Tokens:
    """Character offsets → tokens of a doc."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def between(self, start: int, end: int) -> list[Any]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [self.doc[k] for k in range(i, j)]

    def at(self, pos: int) -> Any:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.doc[max(i, 0)] if len(self.doc) else None


_SENTENCE_END = frozenset({".", "!", "?", "…"})
_NP_POS = frozenset(
    {
        "PROPN",
        "NOUN",
        "DET",
        "ADJ",
        "PRON",
        "PART",
        "PUNCT",
        "NUM",
        "ADV",
        "AUX",
        "SPACE",
        "ADP",
        "CCONJ",
    }
)
_LIGHT_POS = frozenset({"PUNCT", "SCONJ", "PRON", "ADV", "PART", "SPACE"})

# parts of speech that never name a speaker
_NOT_NAMES = frozenset({"ADP", "CCONJ", "SCONJ", "PUNCT", "DET", "PART", "SPACE", "AUX", "VERB"})

# `“…,” X said, “…”` and `“…,” X said, but “…”`: the cue between the parts of one quote
_SPLIT_GAP_END = re.compile(r",\s*(?:and\s+|but\s+)?\Z")

# the full stop of a title or an initial (`Mr.`, `Sen.`, `J.`) does not end a sentence
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z])\.")

# the small words a title leaves in lower case (`“Meet the Press”`, `“Fox and Friends”`)
_TITLE_SMALL_WORDS = frozenset(
    "a an the and or nor but of to in on at for by with from as vs via de la le del".split()
)

# the dependents of a cue before its quote that are part of what it reports (`called the
# results “…”`); others (`said of the count, “…”`) are not
_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "oprd", "attr", "acomp"})


def cue_phrase(token: Any) -> tuple[int, int]:
    """The cue's extent: the verb, with `for` (called for), a particle, or the addressee of
    `told` (told reporters)."""
    start, end = token.idx, token.idx + len(token)
    for child in token.children:
        if child.i == token.i + 1 and (
            child.dep_ == "prt" or (child.lower_ == "for" and token.lemma_ in CALL_FOR_LEMMAS)
        ):
            end = child.idx + len(child)
    if token.lemma_ == "tell":
        objs = [c for c in token.children if c.dep_ in {"dobj", "dative"} and c.i > token.i]
        if objs:
            obj = objs[0]
            left = min(t.i for t in obj.subtree)
            right = max(t.i for t in obj.subtree)
            if left == token.i + 1 and right - left < 3:
                last = token.doc[right]
                end = last.idx + len(last)
    return start, end


class Attributor:
    """Attributes the quoted regions of one article; `resolver`, when given, is the article's
    (built on the same `doc`), else one is built."""

    def __init__(
        self,
        article: Article,
        doc: Any,
        regions: Sequence[Region],
        resolver: Resolver | None = None,
    ) -> None:
        self.article = article
        self.text = article.text
        self.doc = doc
        self.tokens = Tokens(doc)
        self.regions = regions
        self.paragraphs = paragraph_spans(article.text)
        self._paragraph_of = paragraph_index(self.paragraphs)
        exclude = [(r.parts[0][0], r.parts[-1][1]) for r in regions]
        base = resolver if resolver is not None else Resolver(article, doc)
        self.resolver = base.excluding(exclude, local_spans=True)
        self.quoted = sorted(exclude)
        self._quoted_starts = [a for a, _ in self.quoted]

    def inside(self, pos: int) -> bool:
        return in_ranges(self.quoted, self._quoted_starts, pos)

    def paragraph_of(self, pos: int) -> int:
        return self._paragraph_of(pos)

    def para_bounds(self, index: int) -> tuple[int, int]:
        return self.paragraphs[index]

    def lead_tokens(self, k: int) -> list[Any]:
        region = self.regions[k]
        p_start, _ = self.para_bounds(region.first_para)
        start = p_start
        if k > 0 and self.regions[k - 1].last_para == region.first_para:
            start = max(start, self.regions[k - 1].close_mark[1])
        toks = [t for t in self.tokens.between(start, region.open_mark[0])]
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].text in _SENTENCE_END:
                return toks[i + 1 :]
        return toks

    def trailer_tokens(self, k: int) -> list[Any]:
        region = self.regions[k]
        _, p_end = self.para_bounds(region.last_para)
        end = p_end
        if k + 1 < len(self.regions) and self.regions[k + 1].first_para == region.last_para:
            end = min(end, self.regions[k + 1].open_mark[0])
        out = []
        for token in self.tokens.between(region.close_mark[1], end):
            if token.text in _SENTENCE_END:
                break
            out.append(token)
        return out

    def terminal(self, k: int) -> bool:
        """Whether the quote ends a clause (so that a cue may follow it)."""
        region = self.regions[k]
        # a quote inside the quote may close with it (`“… ‘Go ahead,’”`): look inside its mark
        inner_end = region.parts[-1][1]
        while inner_end > region.parts[-1][0] and self.text[inner_end - 1] in SINGLE_MARKS:
            inner_end -= 1
        last = self.text[inner_end - 1] if inner_end else ""
        before_close = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        before_close = before_close.rstrip("".join(SINGLE_MARKS)).rstrip()
        after = self.text[region.close_mark[1] : region.close_mark[1] + 2].lstrip()
        return (
            last in ",.!?…—–-:;"
            or (before_close[-1:] in {",", ".", "!", "?", "…", "—", "–", "-"})
            or after.startswith(",")
        )

    # -- the cascade
    def dash(self, k: int) -> Attribution | None:
        region = self.regions[k]
        _, p_end = self.para_bounds(region.last_para)
        rest = self.text[region.close_mark[1] : p_end]
        match = re.match(r"\s*([―—–]|--)\s*", rest)
        if not match:
            return None
        toks = [
            t
            for t in self.tokens.between(region.close_mark[1] + match.end(), p_end)
            if not t.is_space
        ]
        while toks and toks[-1].is_punct:
            toks.pop()
        if (
            not toks
            or len(toks) > 6
            or not all(
                t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or t.text in {".", "-"} for t in toks
            )
        ):
            return None
        speaker = self.resolver._as_person(toks)
        dash_start = region.close_mark[1] + match.start(1)
        return Attribution((dash_start, dash_start + len(match.group(1))), speaker, "dash")

    def trailer(self, k: int) -> Attribution | None:
        if not self.terminal(k):
            return None
        toks = self.trailer_tokens(k)
        for index, token in enumerate(toks[:12]):
            if is_speech(token, SPEECH_LEMMAS):
                before = toks[:index]
                if not all(t.pos_ in _NP_POS for t in before):
                    return None
                if any(t.pos_ == "ADP" for t in before) and not any(
                    t.pos_ in {"PROPN", "NOUN", "PRON"} for t in before
                ):
                    return None
                if any(
                    c.dep_ == "ccomp"
                    and c.i > token.i
                    and not self.inside(c.idx)
                    and trailing_cue(c) is None
                    for c in token.children
                ):
                    return None  # `“…” Park said Kim's state is …`: the verb has its own clause
                return Attribution(cue_phrase(token), self._trailer_speaker(token, toks), "trailer")
            if token.pos_ not in _NP_POS:
                return None
        return None

    def speaker_of(self, verb: Any, subject: Any) -> Speaker | None:
        """The speaker named by `subject` of `verb`; when a relative pronoun is the subject
        (`Smith, who said …`), its span is the pronoun's."""
        if subject is None or subject.pos_ in _NOT_NAMES:
            return None  # a misparse: `Of Carson, Levine said` has no speaker "Of"
        speaker = self.resolver.speaker(subject)
        if speaker is None or verb.dep_ != "relcl":
            return speaker
        for child in verb.children:
            if child.dep_ == "nsubj" and child.lower_ in {"who", "which", "that"}:
                span = self.resolver.span(child.idx, child.idx + len(child))
                return Speaker(entity=None, name=speaker.name, span=span)
        return speaker

    def _trailer_speaker(self, cue: Any, toks: Sequence[Any]) -> Speaker | None:
        ids = {t.i for t in toks}
        subject = subject_of(cue)
        if subject is not None and (subject.i in ids or not self.inside(subject.idx)):
            # `X said of it, “…,” adding …`: the subject may come before the quote
            return self.speaker_of(cue, subject)
        before = [t for t in toks if t.i < cue.i and t.pos_ in {"PROPN", "NOUN", "PRON"}]
        if before:
            return self.resolver.speaker(self._np_head(before[-1]))
        after = [t for t in toks if t.i > cue.i and t.pos_ in {"PROPN", "NOUN", "PRON"}]
        if after:
            return self.resolver.speaker(self._np_head(after[0]))
        return None

    def _np_head(self, token: Any) -> Any:
        chunk = self.resolver.chunk_of.get(token.i)
        if chunk is not None:
            return chunk.root
        while token.dep_ in {"compound", "flat", "amod"} and token.head.i != token.i:
            token = token.head
        return token

    def lead(self, k: int) -> Attribution | None:
        toks = [t for t in self.lead_tokens(k) if not t.is_space]
        region = self.regions[k]
        p_start = self.para_bounds(region.first_para)[0]
        if (
            not toks
            and region.first_para > 0
            and not self.text[p_start : region.open_mark[0]].strip()
        ):
            # `X continued:` closing the previous paragraph
            prev_start, prev_end = self.para_bounds(region.first_para - 1)
            if self.text[prev_start:prev_end].rstrip().endswith(":") and not any(
                r.last_para == region.first_para - 1 for r in self.regions
            ):
                toks = [t for t in self.tokens.between(prev_start, prev_end) if not t.is_space]
        if not toks:
            return None
        colon = toks[-1].text in {":", ","}
        limit = 10 if colon else 3
        for distance, token in enumerate(reversed(toks)):
            if distance >= limit:
                return self.colon_frame(toks) if toks[-1].text == ":" else None
            if is_speech(token, SPEECH_LEMMAS) and (
                colon or token.lemma_.lower() not in {"continue", "begin", "read"}
            ):
                skipped = toks[len(toks) - distance :]
                if not colon and not all(
                    t.pos_ in _LIGHT_POS or t.lower_ in {"that", "it", "a", "an"} for t in skipped
                ):
                    return None
                aside = self._aside(token)
                speaker = aside[0] if aside else self.speaker_of(token, subject_of(token))
                if speaker is None and colon:
                    speaker = self._opening_speaker(toks, token)
                return Attribution(cue_phrase(token), speaker, "lead")
            if token.pos_ == "VERB" and not colon:
                return None
        return self.colon_frame(toks) if toks[-1].text == ":" else None

    def _aside(self, verb: Any) -> tuple[Speaker, Any] | None:
        """Who says it, by an aside set in the clause of `verb` or of the verb it hangs from
        (`… do not, as Ruiz once said, only call “…”`), or None."""
        current = verb
        for _ in range(3):
            for child in current.children:
                if (
                    child.dep_ == "advcl"
                    and is_speech(child, SPEECH_LEMMAS)
                    and any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children)
                    and not self.inside(child.idx)
                ):
                    speaker = self.speaker_of(child, subject_of(child))
                    if speaker is not None:
                        return speaker, child
            if current.dep_ not in {"dep", "conj", "xcomp", "ccomp"} or current.head.i == current.i:
                return None
            current = current.head
        return None

    def _opening_speaker(self, toks: Sequence[Any], cue: Any) -> Speaker | None:
        """`X, in a written statement, said: “…”` when the parse lost the cue's subject: the
        noun phrase that opens the sentence, right before a comma."""
        before = [t for t in toks if t.i < cue.i]
        names = [t for t in before if t.pos_ in {"PROPN", "NOUN"}]
        if not names:
            return None
        head = self._np_head(names[0])
        after = head.right_edge.i + 1
        if after >= len(self.doc) or self.doc[after].text != "," or head.dep_ == "pobj":
            return None
        return self.resolver.speaker(head)

    def colon_frame(self, toks: Sequence[Any]) -> Attribution | None:
        """A sentence ending with a colon that introduces the quote, its cue further back:
        `as X observed, the biggest victor was …:`, `X issued the following statement:`."""
        sentence: list[Any] = []
        for token in reversed(toks[:-1]):
            if token.text in _SENTENCE_END:
                break
            sentence.insert(0, token)
        for token in reversed(sentence):
            if self.inside(token.idx):
                continue
            if is_speech(token, SPEECH_LEMMAS):
                speaker = self.speaker_of(token, subject_of(token))
                if speaker is not None:
                    return Attribution(cue_phrase(token), speaker, "lead")
            if token.lemma_.lower() in DOCUMENT_NOUNS:
                owner = owner_of(token)
                speaker = self.resolver.speaker(owner) if owner is not None else None
                if speaker is not None:
                    return Attribution((token.idx, token.idx + len(token)), speaker, "lead")
        return None

    def path(self, k: int) -> Attribution | None:
        region = self.regions[k]
        a, b = region.parts[0][0], region.parts[-1][1]
        inner = [t for t in self.tokens.between(a, b) if not t.is_space]
        ids = {t.i for t in inner}
        roots = [t for t in inner if t.head.i not in ids or t.head.i == t.i]
        for root in roots:
            current = root
            child = root
            steps = 0
            while steps < 12:
                steps += 1
                aside = self._aside(current) if current.i not in ids else None
                if aside is not None:  # "judges do not, as Ruiz said, only call “…”"
                    material = self.material(current, child, region)
                    return Attribution(cue_phrase(aside[1]), aside[0], "path", material)
                if current.i not in ids and is_speech(current, ATTRIBUTION_LEMMAS):
                    subject = subject_of(current)
                    if subject is not None and subject.i not in ids:
                        speaker = self.speaker_of(current, subject)
                        if speaker is not None:
                            material = self.material(current, child, region)
                            return Attribution(cue_phrase(current), speaker, "path", material)
                if current.i not in ids and current.lemma_.lower() in CLAIM_NOUNS:
                    # "Trump's claim that there were “thousands of shootings”"
                    owner = owner_of(current)
                    speaker = self.resolver.speaker(owner) if owner is not None else None
                    if speaker is not None:
                        cue = (current.idx, current.idx + len(current))
                        material = self.material(current, child, region)
                        return Attribution(cue, speaker, "path", material)
                if current.head.i == current.i:
                    break
                child = current
                current = current.head
        return None

    def material_of(self, cue_span: tuple[int, int], k: int) -> tuple[int, int] | None:
        """What the cue at `cue_span` reports when quote `k` hangs from it in the parse."""
        cue = self.tokens.at(cue_span[0])
        region = self.regions[k]
        a, b = region.parts[0][0], region.parts[-1][1]
        inner = [t for t in self.tokens.between(a, b) if not t.is_space]
        ids = {t.i for t in inner}
        for token in inner:
            if token.head.i in ids and token.head.i != token.i:
                continue
            child, current = token, token.head
            for _ in range(12):
                if current.i == cue.i:
                    start, end = self.material(cue, child, region)
                    if cue_span[1] <= a:  # `told reporters “…”`: the cue's own words stay out
                        start = max(start, cue_span[1])
                    return start, end
                if current.head.i == current.i:
                    break
                child, current = current, current.head
        return None

    def material(self, cue: Any, child: Any, region: Region) -> tuple[int, int]:
        """What `cue` reports, holding the partial quote `region` that hangs from it through
        `child`: the cue's complements from the first one after it to `child` (`called the
        results “surprising”` → `the results “surprising”`), or `child`'s phrase when it
        comes before the cue; inside the sentence and the quote's paragraphs, the quotation
        marks kept. A quote closed by punctuation (`“…,”`) ends it."""
        if child.i > cue.i:
            complements = [
                c
                for c in cue.children
                if cue.i < c.i <= child.i and (c.i == child.i or c.dep_ in _OBJECT_DEPS)
            ]
            first = min(complements, key=lambda c: c.i) if complements else child
            start = first.left_edge.idx
            if first.dep_ == "ccomp" and first.left_edge.dep_ == "mark":
                start = first.left_edge.idx + len(first.left_edge)
            right = child.right_edge
            end = cut_contrast(child, right.idx + len(right))
        else:
            start, end = subtree_bounds(child)
        sentence = cue.sent
        start = max(start, sentence.start_char, self.para_bounds(region.first_para)[0])
        end = min(end, sentence.end_char, self.para_bounds(region.last_para)[1])
        if self.closed(region):
            end = min(end, region.close_mark[1])
        start, end = content_bounds(self.text, start, end)
        return min(start, region.open_mark[0]), max(end, region.close_mark[1])

    def closed(self, region: Region) -> bool:
        """Whether the quote ends with punctuation (`“…,”`, `“….”`, `“…”,`)."""
        inside = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        after = self.text[region.close_mark[1] : region.close_mark[1] + 1]
        return inside[-1:] in {",", ".", "!", "?", "…"} or after in {",", ";"}

    def standalone(self, k: int) -> bool:
        """Whether quote `k` is a sentence of its own (or several): nothing before it in its
        sentence, and nothing after it unless the quote closes its own sentence (`“….” Reid
        said both …` starts a new one)."""
        lead = [t for t in self.lead_tokens(k) if not (t.is_space or t.is_punct)]
        if lead:
            return False
        region = self.regions[k]
        inside = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        if inside[-1:] in {".", "!", "?", "…"}:
            return True
        return not [t for t in self.trailer_tokens(k) if not (t.is_space or t.is_punct)]

    def attribute(self, k: int) -> Attribution:
        for step in (self.dash, self.trailer, self.lead):
            found = step(k)
            if found is not None:
                if found.cue is not None and found.how != "dash":
                    found.material = self.material_of(found.cue, k)
                return found
        if self.standalone(k):
            return Attribution(None, None, "continuation")
        found = self.path(k)
        if found is not None:
            return found
        return Attribution(None, None, "none")

    def is_title(self, k: int, found: Attribution) -> bool:
        """A name in quotation marks (a show, a forum, a slogan), not words someone said:
        at most six words, every word capitalised but small ones (`of`, `the`: `“Nice to see
        you all”` is words said), no closing punctuation but the full stop of a sentence it ends
        (`on “Fox and Friends.”`), and not the object of a naming verb (`called her “Miss
        Piggy”` stays a quote)."""
        region = self.regions[k]
        if len(region.parts) > 1 or found.how in {"continuation", "dash"}:
            return False
        a, b = region.parts[0]
        content = self.text[a:b]
        words = re.findall(r"[^\W\d_][\w’'-]*", content)
        if not words or len(words) > 6 or content.rstrip()[-1:] in {"!", "?", "…", ","}:
            return False
        if content.rstrip().endswith(".") and len(words) < 2:
            return False  # “Never.”; a name of two words or more may end a sentence
        small = _TITLE_SMALL_WORDS
        if (
            not all(w[0].isupper() for w in words if w.lower() not in small)
            or not words[0][0].isupper()
        ):
            return False
        if found.cue is not None:
            cue = self.tokens.at(found.cue[0])
            if cue is not None and cue.lemma_.lower() in NAMING_LEMMAS:
                return False
        return True

    def split_with_next(self, k: int, how: str) -> bool:
        """`“…,” X said, “…”`: region k and k+1 are one quote split by its cue."""
        if how != "trailer" or k + 1 >= len(self.regions):
            return False
        region, following = self.regions[k], self.regions[k + 1]
        if following.first_para != region.last_para:
            return False
        gap = self.text[region.close_mark[1] : following.open_mark[0]]
        content_end = self.text[region.open_mark[1] : region.close_mark[0]].rstrip()
        first_comma = content_end.endswith(",") or gap.lstrip().startswith(",")
        return (
            first_comma
            and _SPLIT_GAP_END.search(gap) is not None
            and not re.search(r"[.:;!?]", _ABBREVIATION.sub("", gap))
            and len(gap.split()) <= 14
        )
