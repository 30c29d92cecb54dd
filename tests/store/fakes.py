"""A stand-in for the per-article stage, for the store tests: it builds an empty `Extraction`
per article (no spaCy), remembers which articles it was given, and can die on purpose.

Module-level, so that a child process (the SIGKILL test) can import it by name.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence

from rashomon.config import Settings
from rashomon.model import Article, Extraction, Skipped

Progress = Callable[[str, int, int], None]


def empty_extraction(article: Article) -> Extraction:
    return Extraction(
        article=article,
        sentences=(),
        mentions=(),
        claims=(),
        quotes=(),
        stances=(),
        dates=(),
        parser="fake-0",
    )


class CountingExtract:
    """The per-article stage, counting what it parses: `parsed` lists the texts' first words.

    `fail` names article titles whose analysis fails (E_EXTRACT); `log` appends each parsed
    article's title to a file (one line each, flushed), and `die_after` kills the process with
    SIGKILL when it is asked for one more article than that."""

    def __init__(
        self, fail: Sequence[str] = (), log: str | None = None, die_after: int | None = None
    ) -> None:
        self.parsed: list[str] = []
        self.fail = set(fail)
        self.log = log
        self.die_after = die_after

    def __call__(
        self,
        articles: Sequence[Article],
        settings: Settings,
        progress: Progress | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
    ) -> tuple[list[Extraction], list[Skipped]]:
        made: list[Extraction] = []
        lost: list[Skipped] = []
        for number, article in enumerate(articles, start=1):
            if self.die_after is not None and len(self.parsed) >= self.die_after:
                os.kill(os.getpid(), signal.SIGKILL)
            name = article.title or article.text.split()[0]
            self.parsed.append(name)
            if self.log:
                with open(self.log, "a", encoding="utf-8") as handle:
                    handle.write(name + "\n")
            if name in self.fail:
                skipped = Skipped(article.path or article.id, "E_EXTRACT", "made to fail")
                lost.append(skipped)
                if on_skip is not None:
                    on_skip(skipped)
            else:
                made.append(empty_extraction(article))
            if progress is not None:
                progress("extract", number, len(articles))
        return made, lost
