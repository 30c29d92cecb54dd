"""Honorifics and titles that stand in front of a person's name ("Mr", "President", "Foreign
Minister", "Sgt."), lowercase, without a full stop."""

from __future__ import annotations

# courtesy titles and degrees ("Mr", "Dame", "Dr", "Rev.")
HONORIFICS = frozenset("mr mrs ms miss dr prof professor sir dame lord lady rev reverend".split())
# offices, and the words that make one another ("Vice President", "former Prime Minister")
OFFICES = frozenset(
    """
    president vice former chief prime minister premier chancellor secretary sen senator rep
    representative gov governor mayor judge justice king queen prince princess pope general gen
    """.split()
)
# ranks, portfolios, roles and saints: before a name too ("Sgt.", "Foreign Minister", "Acting
# Director", "Spokeswoman", "St.")
ROLES = frozenset(
    """
    col colonel lt lieutenant sgt sergeant capt captain foreign interior defence defense affairs
    deputy acting late ambassador spokesman spokeswoman spokesperson saint st
    """.split()
)
# what `link.names.strip_titles` takes off a name before names are matched across articles
TITLES = HONORIFICS | OFFICES | ROLES
