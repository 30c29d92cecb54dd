"""Build src/rashomon/data/unit_synonyms.tsv from WordNet 3.0 (Debian's wordnet-base).

    apt-get install -y wordnet-base          # once; files under /usr/share/wordnet
    /work/venv/bin/python tools/build_unit_synonyms.py [--wordnet /usr/share/wordnet]
        [--min-count 3] [--min-share 0.34] [--out src/rashomon/data/unit_synonyms.tsv]

Which nouns name the same counted thing ("fatality" ~ "death", "nation" ~ "country"), taken
from WordNet rather than written by hand. Only this script reads WordNet: rashomon ships the
derived table and never needs /usr/share/wordnet at run time.

What is kept, and why it stays small:
- nouns of one lowercase word that WordNet's sense-tagged corpus (SemCor counts, the `cntlist`
  WordNet ships, read through `Lemma.count()`) has seen at least `--min-count` times as a noun:
  a frequency list from the same named source, which keeps the words news counts and drops
  rare senses and rare words;
- `synonym` pairs: two such nouns in one synset, when that synset is a main sense of both (it
  carries at least `--min-share` of each word's tagged noun occurrences): "vote" ~ "ballot"
  yes, "car" ~ "machine" no;
- `hypernym` pairs: a noun and a noun of a direct hypernym synset, both main senses by the same
  rule ("fatality" → "death", "employee" → "worker"). rashomon reads only the relations that
  `rashomon.compare.align.UNIT_RELATIONS` names; the others are kept for measurement.

The file is tab-separated: word, related word, relation (`synonym`: symmetric, written once
with the words in sorted order; `hypernym`: the second word names a broader class of the
first), the WordNet synset(s) that gave the pair.

nltk's WordNetCorpusReader wants a `lexnames` file that Debian's wordnet-base does not ship:
the script copies the database to a temporary directory and writes it there from the 45
standard lexicographer file names (WordNet's lexnames(5WN) manual page), in their numbered
order. The temporary directory is added to `nltk.data.path`, where nltk's path checks allow
reading it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUT = PROJECT_ROOT / "src" / "rashomon" / "data" / "unit_synonyms.tsv"

# lexnames(5WN): the lexicographer files, numbered 00..44
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute
noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group
noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession
noun.process noun.quantity noun.relation noun.shape noun.state noun.substance noun.time
verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption
verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social
verb.stative verb.weather adj.ppl""".split()
_SYNTACTIC_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

# WordNet 3.0's licence, as Debian's wordnet-base ships it (/usr/share/doc/wordnet-base/copyright):
# it asks that the notice and the disclaimer appear on all copies, so the table carries them
LICENCE = """\
This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.
"""
# the licence as comment lines, for the header of a derived file
LICENCE_COMMENT = "".join(f"#   {line}".rstrip() + "\n" for line in LICENCE.splitlines())


HEADER = """\
# Unit synonyms: nouns that name the same counted thing, derived from WordNet 3.0 (Princeton
# University; Debian package wordnet-base) by tools/build_unit_synonyms.py ({options}).
# Kept: single-word nouns seen at least {min_count} times in WordNet's sense-tagged counts; a pair
# when its synset(s) carry at least {min_share:.0%} of each word's tagged noun uses.
# relation: synonym (one synset; symmetric) or hypernym (the related word names a broader
# class: a direct hypernym synset). rashomon reads the relations
# rashomon.compare.align.UNIT_RELATIONS names.
# Derived from WordNet 3.0, under the WordNet 3.0 licence:
#
{licence}#
# word\trelated\trelation\tsynsets
"""


def has_wordnet(folder: Path) -> bool:
    """Whether Debian's WordNet files are in `folder`; if not, says how to install them."""
    if (folder / "data.noun").exists():
        return True
    print(f"no WordNet at {folder}: apt-get install -y wordnet-base", file=sys.stderr)
    return False


def open_wordnet(folder: Path, scratch: Path) -> Any:
    """nltk's reader over a copy of `folder` with the `lexnames` file it needs."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class Reader(WordNetCorpusReader):  # type: ignore[misc]
        def map_wn(self, version: str = "wordnet") -> None:
            return None  # no mapping to another WordNet version (nltk looks for its own copy)

    for path in folder.iterdir():
        if path.is_file():
            shutil.copy(path, scratch / path.name)
    (scratch / "lexnames").write_text(
        "".join(
            f"{number:02d}\t{name}\t{_SYNTACTIC_CATEGORY[name.split('.')[0]]}\n"
            for number, name in enumerate(LEXNAMES)
        )
    )
    nltk.data.path.append(str(scratch))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return Reader(str(scratch), None)


def build(wordnet: Any, min_count: int, min_share: float) -> list[tuple[str, str, str, str]]:
    uses: dict[str, int] = defaultdict(int)  # word → tagged noun uses over all its senses
    senses: dict[tuple[str, str], int] = {}  # (word, synset) → tagged uses of that sense
    for synset in wordnet.all_synsets("n"):
        for lemma in synset.lemmas():
            word = lemma.name()
            if not (word.isalpha() and word.islower()):
                continue
            count = lemma.count()
            uses[word] += count
            senses[(word, synset.name())] = count

    def main_sense(word: str, synset: Any) -> bool:
        total = uses.get(word, 0)
        count = senses.get((word, synset.name()), 0)
        return total >= min_count and count >= 1 and count >= min_share * total

    pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for synset in wordnet.all_synsets("n"):
        words = sorted({lemma.name() for lemma in synset.lemmas()})
        main = [w for w in words if main_sense(w, synset)]
        for i, left in enumerate(main):
            for right in main[i + 1 :]:
                pairs[(left, right, "synonym")].add(synset.name())
        for broader in synset.hypernyms():
            for right in sorted({lemma.name() for lemma in broader.lemmas()}):
                if not main_sense(right, broader):
                    continue
                for left in main:
                    if left != right:
                        pairs[(left, right, "hypernym")].add(f"{synset.name()}>{broader.name()}")
    return [(a, b, relation, ",".join(sorted(s))) for (a, b, relation), s in sorted(pairs.items())]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-share", type=float, default=0.34)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not has_wordnet(args.wordnet):
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        wordnet = open_wordnet(args.wordnet, Path(scratch))
        version = wordnet.get_version()
        rows = build(wordnet, args.min_count, args.min_share)
    options = f"--min-count {args.min_count} --min-share {args.min_share}"
    header = HEADER.format(
        options=options, min_count=args.min_count, min_share=args.min_share, licence=LICENCE_COMMENT
    )
    body = "".join("\t".join(row) + "\n" for row in rows)
    args.out.write_text(header + body, encoding="utf-8")
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row[2]] += 1
    counts = ", ".join(f"{kind} {n:,}" for kind, n in sorted(kinds.items()))
    size = args.out.stat().st_size / 1024
    print(f"WordNet {version}: {len(rows):,} pairs ({counts}) → {args.out} ({size:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
