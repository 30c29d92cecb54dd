"""Three short made-up articles for the engine tests (ids a1, a2, a3)."""

from __future__ import annotations

import pytest

from rashomon.config import Settings
from rashomon.model import Article

TEXTS = (
    "MILLBROOK — The town council voted 7 to 2 on Tuesday to close the old Elm Street bridge, "
    'Mayor Ana Ruiz said. "The bridge is not safe," Ruiz told reporters. About 300 people '
    "cross it each day, according to the council.",
    "Millbrook's council decided on Tuesday, March 3, to shut the Elm Street bridge after a "
    "vote of 6 to 3. Critics condemned the decision. Council member Tom Hale said the bridge "
    "was safe and that nearly 400 residents use it daily.",
    "The Elm Street bridge in Millbrook will close, the council said on Tuesday. Engineers "
    "found cracks in two of its nine piers last month, and repairs would cost $4 million, "
    '"money the town does not have," Ruiz said.',
)


@pytest.fixture
def articles() -> list[Article]:
    return [
        Article(id=f"a{n}", text=text, outlet=f"Outlet {n}", word_count=len(text.split()))
        for n, text in enumerate(TEXTS, start=1)
    ]


@pytest.fixture
def settings() -> Settings:
    return Settings(encoder="tfidf")
