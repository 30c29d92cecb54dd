"""What a reader returns: an article before ids are assigned and the set is deduplicated."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Draft:
    text: str
    source: str  # the path or URL it came from, as the user gave it
    outlet: str | None = None
    wire: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None
    # field -> where it came from ("sources.csv", "header", "text", "url", "file name", ...)
    metadata_from: dict[str, str] = field(default_factory=dict)

    def with_meta(self, name: str, value: str | None, origin: str) -> Draft:
        """A copy with `name` set to `value` (when it is not already set) and its origin noted."""
        if not value or getattr(self, name):
            return self
        from dataclasses import replace

        return replace(self, **{name: value}, metadata_from={**self.metadata_from, name: origin})
