"""Stances of actors toward the event or its outcome.

`extract_stances(article, doc, quotes)` finds, per article, who condemns, is concerned about,
supports, congratulates, demands, rejects or stays neutral about what. It is built to be
precise (a wrong stance is worse than a missing one):

1. **Cues** come from small lexicons matched with spaCy's `Matcher` on lemmas (`VERB_CUES`,
   `ADJ_CUES`, `NOUN_CUES`, `PHRASES` in extract/stance_cues.py): verbs ("condemned",
   "criticized", "accused", "congratulated", "praised", "defended", "opposed", "denied",
   "urged"), adjectives ("worried", "concerned", "nervous", "supportive"), nouns
   ("concerns", "criticism", "refusal", "opposition", "demand") and phrases ("ruled out",
   "called for", "called on", "pushed back on", "renewed talk of", "neither confirm nor
   deny", "remain neutral"). A negated support cue ("don't recognise the results", "refused
   to accept") is a `reject`.
2. **Demands** need something demanded: something demandable in reach of the cue (an audit,
   a recount, sanctions … `DEMANDABLE`: "a full independent audit of results"), or someone
   asked to act ("urged Akin to step aside", "called on Akin to give up his bid", "called for
   Akin to withdraw", "requested that Comey put an end to it": the action is the target), or,
   for unambiguous cues ("demanded", "urged", "insisted", "called for" … `EXPLICIT_DEMAND`),
   whatever they govern ("have demanded additional proof"). "ruled out talks without a
   recount" is a reject of the talks and a demand of the recount.
3. **Rejects** by an explicit cue ("opposes a border fence", "denied the allegations",
   "refused to step down", `EXPLICIT_REJECT`) stand whatever is rejected; a negated support
   cue needs something of the event (`REJECTABLE`: "don't recognise the results").
4. **Actors** are found on the dependency tree: the subject of the cue verb (inherited through
   coordination and control), a passive's agent ("disputed by the opposition, the US, Canada
   and France" gives four actors; "opposed by the unions but lauded by Ana Ruiz"), the
   possessor or the `from` / `by` phrase of a noun cue ("supportive statements from Russia,
   Cuba, Bolivia"), or the subject of the verb a noun cue hangs from ("voiced concerns",
   "added its voice to the chorus of condemnation"). Names come from `speakers.Resolver`
   (pronouns and short references resolved; "State Department spokeswoman Heather Nauert" →
   "Heather Nauert"); "the government of Cuba" / "Cuba's government" → "Cuba" and "the Cuban
   government" → "Cuba" (the gazetteer's demonyms), and "her government" → the person "her"
   refers to; an apposition names the person ("Pelosi, the Democratic leader who …" → Pelosi; "their
   father, Dick Cheney," → Dick Cheney); officials, aides and spokespeople "with / of / for /
   to" a body stand for it ("officials with the DNC" → the DNC); a vague group's named members
   are actors ("several conservatives, including Glenn Beck and Bill O'Reilly"). An actor
   must be a person, an organisation, a place or a group (a noun of `ACTOR_NOUNS`); vague or
   negated quantities ("not all governments", "other leaders", "every official", "another
   official") and bare plurals that say neither whose nor which ("lawmakers", "military
   leaders") are never actors; a passive without an agent has none.
5. **Negation, hypotheticals and retractions** drop a cue: "not", "never", "no"; "could /
   would / might / may / should / if", also on the verb the cue depends on ("if Romney were
   to reject"; but "said he would back" reports a position); "stopped short of calling on",
   "without recommending", "refrained from", "failed to", "denied that he asked"; what one is
   asked to do ("asked Mattis to endorse the decision": not Mattis's stance). Uses of a cue
   word that state no stance are left out ("a split concerned Putin", "a question about
   supporting abortion", "warning Democrats the shutdown could last", "closures favouring the
   regime", "denying a candidate a spot").
6. **Quotes and reported speech.** A cue inside a direct quote belongs to the quote's speaker
   when its subject is the first person ("We condemn …", "I urge my colleagues to …", "we
   don't recognise …"), and a concern or condemnation noun with no actor of its own
   ("irregularities that raise concerns") is the speaker's too. Other cues inside quotes
   (what the speaker says about someone else, "a poll said she “supports abortion”") are
   left alone, as are stances in a clause someone else says ("Keller said that Chile supports
   the recount"), unless the words present it as fact ("reported", "according to the Times").

Each stance carries the cue span, the sentence as evidence and a short target phrase (quotation
marks dropped). Ids are left empty (""); `link.statements.merge_stances` merges across articles.

Steps 1 and 5 live in extract/stance_cues.py, 2 and 3 (targets) in extract/stance_targets.py,
4 in extract/stance_actors.py; step 6 and the entry point here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon.extract.speakers import Resolver
from rashomon.extract.stance_actors import EXPRESS_VERBS, Actors, agent_token, conjuncts, included
from rashomon.extract.stance_cues import (
    Cue,
    find_cues,
    hypothetical,
    negated,
    not_a_stance,
    refused,
    ruled_out,
)
from rashomon.extract.stance_targets import (
    EXPLICIT_REJECT,
    is_demandable,
    refusal_condition,
    target_of,
    target_phrase,
    without_span,
)
from rashomon.extract.syntax import is_first_person, subject_of
from rashomon.model import Actor, Article, Quote, Span, Speaker, Stance
from rashomon.words.speech import SPEECH_LEMMAS

# --------------------------------------------------------------------------- lexicons

# What can be rejected: the event, its outcome, or talks about it.
REJECTABLE = frozenset(
    """
    election vote voting result outcome ballot count recount victory win process talk talks
    dialogue negotiation poll referendum figure tally
    """.split()
)
# Report verbs that present what they report as fact (a stance inside stays its actor's).
FACTIVE = frozenset("report confirm announce note reveal show learn find accord".split())
# verbs that say nothing of what is demanded once cut from their clause ("urged that it be")
_BARE_VERBS = frozenset({"be", "have", "do"})


# --------------------------------------------------------------------------- entry point


def _sentence_span(article: Article, sent: Any) -> Span:
    start, end = sent.start_char, sent.end_char
    text = article.text
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Span(article=article.id, start=start, end=end, text=text[start:end])


def _cue_span(article: Article, cue: Cue) -> Span:
    doc = cue.anchor.doc
    first, last = cue.start, cue.end - 1
    anchor = cue.anchor
    # "don't recognise": the negation and its auxiliary; "voiced concerns": the verb
    for child in anchor.children:
        if (
            child.dep_ in {"neg", "aux"}
            and child.i < first
            and first - child.i <= 2
            and (child.dep_ == "neg" or any(c.dep_ == "neg" for c in anchor.children))
        ):
            first = child.i
    if anchor.pos_ == "NOUN" and anchor.dep_ == "dobj" and 0 < anchor.i - anchor.head.i <= 3:
        first = anchor.head.i
    if refused(anchor) and 0 < anchor.i - anchor.head.i <= 3:
        first = anchor.head.i  # "refusal to accept"
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return Span(article=article.id, start=start, end=end, text=article.text[start:end])


def _quote_at(quotes: Sequence[Quote], start: int) -> Quote | None:
    for quote in quotes:
        if quote.direct and any(p.start <= start < p.end for p in quote.parts):
            return quote
    return None


def _said_by(token: Any) -> Any:
    """Who says the clause that holds the cue, from the parse, when the quotes did not
    find it ("a poll said she supports abortion" → poll): the subject of the speech verb
    the clause is the complement of."""
    current = token
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_LEMMAS - FACTIVE:
            return subject_of(head)
        if current.dep_ not in {"conj", "xcomp", "acomp", "attr"}:
            return None
        current = head
    return None


def _sayer(token: Any, actors: Actors) -> str | None:
    """The name of who says the clause that holds the cue ("" when that is no actor: "a
    poll"), or None when no one does."""
    sayer = _said_by(token)
    if sayer is None:
        return None
    found = actors.actor(sayer)
    return found.name if found is not None else ""


def _reported_by(quotes: Sequence[Quote], start: int, doc: Any) -> Speaker | None:
    """The speaker of the innermost indirect quote whose reported clause holds `start`
    (unless its verb presents the clause as fact: "Europa Press has reported that …",
    "according to the Times, …")."""
    holding = [
        (sum(p.end - p.start for p in quote.parts), quote)
        for quote in quotes
        if not quote.direct and any(p.start <= start < p.end for p in quote.parts)
    ]
    for _, quote in sorted(holding, key=lambda pair: pair[0]):
        if quote.cue is not None:
            cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
            lemma = cue[0].lemma_.lower() if cue is not None else ""
            if lemma in FACTIVE or lemma not in SPEECH_LEMMAS:
                continue  # a fact reported, or an intention ("who plans to support")
        return quote.speaker
    return None


def extract_stances(
    article: Article, doc: Any, quotes: list[Quote], resolver: Resolver | None = None
) -> list[Stance]:
    """Per-article stances, ids left empty ("").

    `resolver` is the article's speaker resolver (built on the same `doc`), shared with the
    quotes; without one, one is built."""
    exclude = [(p.start, p.end) for q in quotes if q.direct for p in q.parts]
    base = resolver if resolver is not None else Resolver(article, doc)
    resolver = base.excluding(exclude)
    actors = Actors(article, doc, resolver)
    found: dict[tuple[str, str, int], tuple[tuple[int, int], Stance]] = {}
    for cue in find_cues(doc):
        token = cue.anchor
        explicit_reject = cue.kind == "reject" and token.lemma_.lower() in EXPLICIT_REJECT
        if (cue.kind != "reject" or explicit_reject) and negated(token):
            continue
        if hypothetical(token) or not_a_stance(token) or ruled_out(token):
            continue
        target, target_head = target_of(cue)
        if cue.kind == "demand" and (
            target_head is None
            or not any(
                t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
                and t.lemma_.lower() not in _BARE_VERBS
                and t.text in target
                for t in target_head.subtree
            )
        ):
            continue  # nothing demanded, or only "it be" left of a clause
        if cue.kind == "support" and (
            target_head is None
            or (target_head.pos_ not in {"NOUN", "PROPN"} and target_head.tag_ != "VBG")
        ):
            continue
        if explicit_reject and (target_head is not None or token.lemma_.lower() == "refuse"):
            pass
        elif cue.kind == "reject" and (
            target_head is None
            or (
                target_head.lemma_.lower() not in REJECTABLE
                and target_head.lower_ not in REJECTABLE
                and not any(t.lemma_.lower() in REJECTABLE for t in target_head.subtree)
            )
        ):
            continue
        quote = _quote_at(quotes, token.idx)
        reported = _reported_by(quotes, token.idx, doc)
        holders = _holders(cue, quote, actors)
        readings = [(cue.kind, target, target_head, _cue_span(article, cue))]
        condition = refusal_condition(cue) if cue.kind == "reject" else None
        if condition is not None:  # "ruled out talks without a recount": a recount demanded
            readings.append(
                ("demand", target_phrase(condition), condition, without_span(article, condition))
            )
        reporter = reported.name if reported is not None else _sayer(token, actors)
        for holder in holders:
            if reporter is not None and reporter != holder.name:
                continue  # "the ad suggests that Phoenix supports X": the ad's claim
            for kind, what, head, cue_span in readings:
                if what and holder.name.lower() in what.lower():
                    continue
                stance = Stance(
                    id="",
                    actor=Actor(entity=None, name=holder.name),
                    stance=kind,
                    target=what,
                    spans=(_sentence_span(article, token.sent),),
                    cues=(cue_span,),
                    articles=(article.id,),
                )
                # the closest target wins, and something demandable beats anything else
                rank = (
                    0 if head is not None and is_demandable(head) else 1,
                    abs(head.i - token.i) if head is not None else 0,
                )
                key = (holder.name, kind, token.sent.start)
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, stance)
    out = [stance for _, stance in found.values()]
    out.sort(key=lambda s: (s.cues[0].start, s.actor.name))
    return out


def _holders(cue: Cue, quote: Quote | None, actors: Actors) -> list[Speaker]:
    agent = agent_token(cue)
    if quote is not None:
        inside = agent is not None and any(p.start <= agent.idx < p.end for p in quote.parts)
        if agent is not None and is_first_person(agent):
            return [quote.speaker] if quote.speaker is not None else []
        if agent is None or inside:
            valid = agent is not None and actors.actor(agent) is not None
            if (
                not valid
                and cue.anchor.pos_ == "NOUN"
                and cue.kind in {"concern", "condemn"}
                and cue.anchor.dep_ == "dobj"
                and cue.anchor.head.lemma_.lower() in EXPRESS_VERBS
                and quote.speaker is not None
            ):
                return [quote.speaker]
            return []
    if agent is None:
        return []
    speaker = quote.speaker if quote is not None else None
    holders = []
    for token in conjuncts(agent):
        holder = actors.actor(token)
        if holder is not None and quote is not None and holder.name != getattr(speaker, "name", ""):
            continue  # a poll said she "supports abortion": the poll's words, not her stance
        if holder is not None:
            holders.append(holder)
            continue
        for named in included(token):
            holder = actors.actor(named)
            if holder is not None:
                holders.append(holder)
    return holders
