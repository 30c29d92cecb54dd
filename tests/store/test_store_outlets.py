"""One outlet, many spellings: aliases normalised, every spelling kept."""

from __future__ import annotations

import itertools

import pytest

from rashomon.store import Store, outlets


def _resolve(store: Store, names: list[str]) -> list[int]:
    with store.transaction() as connection:
        return [outlets.resolve(connection, name) for name in names]


@pytest.mark.parametrize(
    "order", list(itertools.permutations(["The New York Times", "nytimes.com", "NYT"]))
)
def test_the_new_york_times_nytimes_com_and_nyt_are_one_outlet(
    store: Store, order: tuple[str, ...]
) -> None:
    ids = _resolve(store, list(order))
    assert len(set(ids)) == 1
    assert outlets.names(store.connection) == {ids[0]: "The New York Times"}
    aliases = {r[0] for r in store.rows("SELECT alias FROM outlet_aliases")}
    assert aliases == set(order)


def test_a_url_and_a_subdomain_find_the_outlet_of_their_domain(store: Store) -> None:
    first, second, third = _resolve(
        store, ["The Guardian", "https://www.theguardian.com/world/x", "amp.theguardian.com"]
    )
    assert first == second == third


def test_an_unknown_domain_meets_the_name_it_spells(store: Store) -> None:
    name, domain = _resolve(store, ["The Lakeport Ledger", "lakeportledger.com"])
    assert name == domain
    assert outlets.names(store.connection)[name] == "The Lakeport Ledger"


def test_a_wire_abbreviation_is_the_wire(store: Store) -> None:
    ap, full = _resolve(store, ["AP", "Associated Press"])
    assert ap == full


def test_an_acronym_that_fits_two_outlets_joins_neither(store: Store) -> None:
    times, tribune, acronym = _resolve(store, ["Lakeport Times", "Lakeport Tribune", "LT"])
    assert len({times, tribune, acronym}) == 3


def test_different_outlets_stay_apart(store: Store) -> None:
    ids = _resolve(store, ["Fox News", "BBC", "Reuters", "Breitbart", "127.0.0.1", "10.0.0.1"])
    assert len(set(ids)) == 6


def test_find_reads_any_alias_without_writing(store: Store) -> None:
    (nyt,) = _resolve(store, ["The New York Times"])
    assert outlets.find(store.connection, "NYT") == nyt
    assert outlets.find(store.connection, "new york times") == nyt
    assert outlets.find(store.connection, "Le Monde") is None
    assert store.row("SELECT count(*) FROM outlet_aliases")[0] == 1
