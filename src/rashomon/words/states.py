"""What a count of people measures: the event predicate it counts (the issue's "killed / injured
/ evacuated / on board / missing"), each a class of the words that name it near a figure.

"Two employees died", "killing two workers", "the death toll rose to three" and "three men are
dead" count one thing, whatever noun they count; "23 dead" and "about 80 missing" count two.
The classes are the outcomes every account of a disaster, an attack, an outbreak or a raid
counts, worded as news writes them, not the words of one event.
"""

from __future__ import annotations

STATES: dict[str, frozenset[str]] = {
    state: frozenset(words.split())
    for state, words in {
        "dead": "dead killed kill kills killing die died dies dying death deaths toll bodies "
        "drowned fatalities fatality perished",
        "injured": "injured injuries injury wounded hurt hospital hospitalised hospitalized",
        "missing": "missing unaccounted",
        "survived": "survived survivors survivor rescued",
        "evacuated": "evacuated evacuation evacuees displaced homeless",
        "aboard": "aboard passengers",
        "arrested": "arrested detained",
        "infected": "infected infections infection colonised colonized",
    }.items()
}
STATE_OF: dict[str, str] = {word: state for state, words in STATES.items() for word in words}

# units a state never qualifies: "killed in 2 hours", "a €6m toll road", "30 per cent of the dead"
MEASURES = frozenset(
    """dollar euro pound yen percent fraction percentage point second minute hour day week
    weekend month year decade century kilometre kilometer km mile metre meter foot feet inch
    tonne ton kilogram kg litre liter gallon barrel degree acre hectare""".split()
)
