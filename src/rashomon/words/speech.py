"""Verbs that report speech, as lemmas."""

from __future__ import annotations

# Verbs that introduce a quote next to it (`“…,” X said`, `X said: “…”`); a clause they
# govern is what someone says (summarize/summary.py, extract/stances.py).
SPEECH_LEMMAS = frozenset(
    """
    say tell add state declare announce write tweet post note explain argue claim insist warn
    stress underscore underline emphasise emphasize reply respond answer ask urge comment remark
    observe continue conclude admit acknowledge concede confirm deny allege assert maintain
    contend suggest predict promise vow pledge threaten recall report reiterate repeat testify
    complain boast joke quip shout yell scream whisper mutter exclaim read proclaim counter
    retort caution lament describe call congratulate praise condemn demand agree begin
    """.split()
)

# Verbs taking a reported clause for indirect speech (`X said that …`).
REPORT_LEMMAS = frozenset(
    """
    say tell add state declare announce write tweet post note explain argue claim insist warn
    stress underscore underline emphasise emphasize reply respond acknowledge admit concede
    confirm deny allege assert maintain contend suggest predict promise vow pledge threaten
    report reiterate repeat testify complain boast caution estimate conclude agree find
    """.split()
)

# Verbs by which the subject denies the clause it governs ("denied that …", "rejected claims
# that …", "dismissed suggestions that …").
DENY_LEMMAS = frozenset("deny reject dismiss refute dispute".split())

# What a denial verb rejects when the denied clause hangs on a noun ("rejected claims that …").
DENIED_NOUNS = frozenset(
    "claim allegation report suggestion accusation assertion rumour rumor".split()
)
