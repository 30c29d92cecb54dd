"""The country gazetteer shipped in data/countries.tsv: names, demonyms, bodies, cities; and
the faiths of data/religious_groups.txt."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rashomon.words.fold import fold


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # folded name or alias → canonical country
    demonyms: dict[str, str]  # folded demonym → canonical country
    bodies: dict[str, str]  # folded government body → the country it stands for
    cities: frozenset[str] = frozenset()  # folded names that are places of the country

    def is_city(self, text: str) -> bool:
        """A capital or city among the names ("Washington", "Mexico City")."""
        return fold(text) in self.cities

    def country_of_name(self, text: str) -> str | None:
        """The country a proper name (capitalised, as written) stands for."""
        return self.names.get(fold(text)) if text[:1].isupper() else None

    def country_of_demonym(self, text: str) -> str | None:
        return self.demonyms.get(fold(text)) if text[:1].isupper() else None

    def country_of_body(self, text: str) -> str | None:
        return self.bodies.get(fold(text))


@cache
def religious_groups() -> frozenset[str]:
    """Names of faiths and their followers ("Baptist", "Catholic", "Islamic"), folded: a NORP
    that names one says what a person believes, not whom they speak for. From WordNet, by
    tools/build_religious_groups.py."""
    text = resources.files("rashomon.data").joinpath("religious_groups.txt").read_text("utf-8")
    return frozenset(
        fold(line.strip())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def gazetteer() -> Gazetteer:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    body_names: dict[str, str] = {}
    cities: set[str] = set()
    text = resources.files("rashomon.data").joinpath("countries.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, aliases, adjectives, bodies, places = [*line.split("\t"), "", "", "", ""][:5]
        names[fold(canonical)] = canonical
        for alias in filter(None, aliases.split("|")):
            names.setdefault(fold(alias), canonical)
        for place in filter(None, places.split("|")):
            names.setdefault(fold(place), canonical)
            cities.add(fold(place))
        for body in filter(None, bodies.split("|")):
            body_names.setdefault(fold(body), canonical)
        for adjective in filter(None, adjectives.split("|")):
            demonyms.setdefault(fold(adjective), canonical)
    return Gazetteer(names, demonyms, body_names, frozenset(cities))
