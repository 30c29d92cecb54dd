"""Imported by the pool's forkserver before it forks any worker (multiprocessing's preload).

It loads spaCy, the extractors, their word lists and the default spaCy model once, in the
server, by analysing a made-up article; every worker forked from the server starts with them
(in about 0.1 s instead of 2-7 s). Nothing that fails here is lost: each worker loads the
model named by its settings again, and a model that cannot load reaches the parent as a
`ModelError` from the worker.
"""

from __future__ import annotations

import contextlib

from rashomon.config import from_env
from rashomon.engine.guard import extract_guarded, parse_guarded
from rashomon.model import Article

_TEXT = (
    "MILLBROOK, March 3 (AP) — The town council voted 7 to 2 on Tuesday to close the old "
    'bridge, Mayor Ana Ruiz said. "The bridge is not safe," Ruiz told reporters. About 300 '
    "people cross it each day, according to the council; critics condemned the decision."
)


def _warm() -> None:
    settings = from_env()
    article = Article(id="a1", text=_TEXT, outlet="Warm-up", word_count=len(_TEXT.split()))
    [doc] = parse_guarded([article], settings, cache=False)
    extract_guarded(article, doc, settings)


with contextlib.suppress(Exception):  # see the docstring: each worker tries again
    _warm()
