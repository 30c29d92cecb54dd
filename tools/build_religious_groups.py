"""Build src/rashomon/data/religious_groups.txt from WordNet 3.0 (Debian's wordnet-base).

    apt-get install -y wordnet-base          # once; files under /usr/share/wordnet
    /work/venv/bin/python tools/build_religious_groups.py [--wordnet /usr/share/wordnet]

spaCy tags nationalities, religious groups and political groups alike as NORP. A nationality
or a party in a title says whom a person speaks for ("Ecuadorean President", "Senate
Republican Leader"); a faith does not ("a former Baptist minister" does not speak for the
Baptists). This script lists the capitalised one-word names WordNet files under "religious
person" (religious_person.n.01 and its hyponym classes, not named individuals) and the
capitalised adjectives that pertain to them or to a religion (religion.n.01 and below):
Baptist, Catholic, Muslim, Islamic, Jewish-Orthodox, ... Only this script reads WordNet.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_unit_synonyms import LICENCE_COMMENT, has_wordnet, open_wordnet

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUT = PROJECT_ROOT / "src" / "rashomon" / "data" / "religious_groups.txt"

HEADER = """\
# Religious groups: capitalised nouns and adjectives naming a faith or its followers, derived
# from WordNet 3.0 (Princeton University; Debian package wordnet-base) by
# tools/build_religious_groups.py: the classes under religious_person.n.01 and the adjectives
# pertaining to them or to religion.n.01 and its hyponyms. One word per line.
# Derived from WordNet 3.0, under the WordNet 3.0 licence:
#
{licence}"""


def build(wordnet: Any) -> list[str]:
    def classes(root: str) -> set[Any]:
        top = wordnet.synset(root)
        return {top} | set(top.closure(lambda s: s.hyponyms()))

    people = classes("religious_person.n.01")
    words = {
        lemma.name()
        for synset in people
        for lemma in synset.lemmas()
        if lemma.name()[0].isupper() and "_" not in lemma.name()
    }
    related = people | classes("religion.n.01")
    for synset in wordnet.all_synsets("a"):
        for lemma in synset.lemmas():
            name = lemma.name()
            if (
                name[0].isupper()
                and "_" not in name
                and any(p.synset() in related for p in lemma.pertainyms())
            ):
                words.add(name)
    return sorted(words)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not has_wordnet(args.wordnet):
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        words = build(open_wordnet(args.wordnet, Path(scratch)))
    args.out.write_text(
        HEADER.format(licence=LICENCE_COMMENT) + "".join(w + "\n" for w in words), encoding="utf-8"
    )
    print(f"{len(words)} words → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
