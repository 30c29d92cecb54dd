"""Outlets and their aliases: "The New York Times", "nytimes.com", "www.nytimes.com/section"
and "NYT" are one outlet, every spelling kept as an alias.

An alias is matched by its key (`outlet_key`): lower case, without a leading "the", without
punctuation; a domain or URL becomes the outlet name `ingest.outlets` knows for it, or its
registrable part ("lakeportledger.com" meets "The Lakeport Ledger": the same letters). An
acronym (two to six capitals, "NYT", "WSJ") joins the one outlet whose name's initials it spells,
and a full name joins an acronym already seen in the same way; with two candidates it stays
apart, since a wrong merge is worse than a missed one.

The name shown is chosen from the aliases by a fixed rule, so it does not depend on which
spelling arrived first: the name `ingest.outlets` gives a known domain or wire, else the longest
alias that is neither a domain nor an acronym, else the longest alias.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlsplit

from rashomon.ingest.outlets import DOMAINS, WIRES, outlet_from_url

_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[:/].*)?$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "a"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov"})
_KNOWN_NAMES = frozenset({*DOMAINS.values(), *WIRES.values()})


def outlet_key(name: str) -> str:
    """The matching key of an outlet's spelling: "The New York Times" → "new york times",
    "https://www.nytimes.com/x" → "new york times", "lakeportledger.com" → "lakeportledger"."""
    raw = " ".join(name.split())
    domain = _domain(raw)
    if domain is not None:
        known = outlet_from_url("https://" + domain)
        if known and known in _KNOWN_NAMES:
            return _words_key(known)
        return _registrable(domain)
    wire = WIRES.get(raw.casefold())
    if wire is not None:
        return _words_key(wire)
    return _words_key(raw)


def resolve(connection: sqlite3.Connection, name: str) -> int:
    """The outlet id of `name`, adding the alias (and the outlet when it is new). Call inside a
    write transaction."""
    name = " ".join(name.split()) or "unknown"
    row = connection.execute(
        "SELECT outlet_id FROM outlet_aliases WHERE alias = ?", (name,)
    ).fetchone()
    if row is not None:
        return int(row[0])
    key = outlet_key(name)
    outlet_id = find(connection, name)
    if outlet_id is None:
        cursor = connection.execute("INSERT INTO outlets (name) VALUES (?)", (name,))
        outlet_id = int(cursor.lastrowid or 0)
    connection.execute(
        "INSERT INTO outlet_aliases (alias, key, outlet_id) VALUES (?, ?, ?)",
        (name, key, outlet_id),
    )
    _rename(connection, outlet_id)
    return outlet_id


def find(connection: sqlite3.Connection, name: str) -> int | None:
    """The outlet id `name` (any alias, or the outlet's name) stands for, or None."""
    key = outlet_key(name)
    rows = connection.execute(
        "SELECT DISTINCT outlet_id FROM outlet_aliases WHERE key = ?", (key,)
    ).fetchall()
    if len(rows) == 1:
        return int(rows[0][0])
    return _match(connection, " ".join(name.split()), key)


def names(connection: sqlite3.Connection) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in connection.execute("SELECT id, name FROM outlets")}


def _match(connection: sqlite3.Connection, name: str, key: str) -> int | None:
    """An outlet that `name` is an acronym or a domain of, or whose acronym `name` spells."""
    rows = connection.execute("SELECT key, alias, outlet_id FROM outlet_aliases").fetchall()
    if not key:
        return None
    candidates: set[int] = set()
    if _ACRONYM.match(name):
        letters = name.replace(".", "").replace("&", "").casefold()
        candidates = {int(r[2]) for r in rows if _initials(str(r[0])) == letters}
    elif " " not in key:
        # a domain's letters against names without spaces ("lakeportledger")
        candidates = {int(r[2]) for r in rows if str(r[0]).replace(" ", "") == key}
    else:
        initials = _initials(key)
        squeezed = key.replace(" ", "")
        candidates = {
            int(r[2])
            for r in rows
            if (_ACRONYM.match(str(r[1])) and str(r[0]) == initials) or str(r[0]) == squeezed
        }
    return candidates.pop() if len(candidates) == 1 else None


def _rename(connection: sqlite3.Connection, outlet_id: int) -> None:
    aliases = [
        str(r[0])
        for r in connection.execute(
            "SELECT alias FROM outlet_aliases WHERE outlet_id = ?", (outlet_id,)
        )
    ]
    connection.execute("UPDATE outlets SET name = ? WHERE id = ?", (_best(aliases), outlet_id))


def _best(aliases: list[str]) -> str:
    known = sorted(
        {n for a in aliases if (n := _known_name(a)) is not None}, key=lambda n: (-len(n), n)
    )
    if known:
        return known[0]
    plain = [a for a in aliases if _domain(a) is None and not _ACRONYM.match(a)]
    return sorted(plain or aliases, key=lambda a: (-len(a), a))[0]


def _known_name(alias: str) -> str | None:
    if alias in _KNOWN_NAMES:
        return alias
    domain = _domain(alias)
    if domain is not None:
        known = outlet_from_url("https://" + domain)
        return known if known in _KNOWN_NAMES else None
    return WIRES.get(alias.casefold())


def _domain(name: str) -> str | None:
    if " " in name:
        return None
    match = _DOMAIN.match(name)
    if match is None:
        return None
    host = (urlsplit(name if "//" in name else "https://" + name).hostname or "").lower()
    return host.removeprefix("www.") or None


def _registrable(domain: str) -> str:
    """The label before the public suffix, roughly: "news.ledger.co.uk" → "ledger"."""
    labels = domain.split(".")
    if all(label.isdigit() for label in labels):  # an IPv4 address stays whole
        return domain
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-2]
    else:
        labels = labels[:-1]
    return labels[-1] if labels else domain


def _words_key(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _initials(key: str) -> str:
    words = [w for w in key.split() if w not in _SMALL_WORDS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""
