"""Honorifics and titles that stand in front of a person's name ("Mr", "President", "Foreign
Minister", "Sgt."), lowercase, without a full stop: what `link.names.strip_titles` takes off
a name before names are matched across articles, and what extract's speakers take off the
front of a speaker's name."""

from __future__ import annotations

TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev reverend saint st
    president vice former late acting deputy chief prime minister premier chancellor
    foreign interior defence defense affairs secretary
    sen senator rep representative gov governor mayor ambassador spokesman spokeswoman
    spokesperson judge justice king queen prince princess pope
    general gen col colonel lt lieutenant sgt sergeant capt captain
    """.split()
)
