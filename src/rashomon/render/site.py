"""The index of a site of event reports (`rashomon report --all -o site/`): index.html, a
self-contained page linking each event's report, and index.json, its JSON twin (the same list).

Each entry is an event as `rashomon.events/1` lists it (id, headline, first and last date,
outlets, articles, disputed, merged_into); the page shows what the JSON holds, nothing more.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from rashomon.model import Article

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{font-weight:600}td.n{text-align:right}.muted{color:#666;font-size:.9em}
"""


EVENTS_SCHEMA = "rashomon.events/1"


def events_document(events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """The `rashomon.events/1` document listing `events` (`extra`: store, total)."""
    return {"schema": EVENTS_SCHEMA, **extra, "events": events}


def event_entry(
    event: dict[str, Any],
    articles: Sequence[Article],
    disputed: int | None,
    merged_into: str | None = None,
) -> dict[str, Any]:
    """An event as `rashomon.events/1` lists it: its report's `event` key, its articles,
    its disputed count."""
    return {
        **event,
        "articles": [
            {
                "id": a.id,
                "path": a.path,
                "url": a.url,
                "outlet": a.outlet,
                "date": a.date,
                "title": a.title,
            }
            for a in articles
        ],
        "disputed": disputed,
        "merged_into": merged_into,
    }


def render_index_json(events: list[dict[str, Any]], **extra: Any) -> str:
    return json.dumps(events_document(events, **extra), ensure_ascii=False, indent=2) + "\n"


def render_index_html(events: list[dict[str, Any]], title: str = "Events") -> str:
    rows = []
    for event in events:
        headline = (event.get("headline") or {}).get("text") or event["id"]
        dates = " – ".join(
            dict.fromkeys(d for d in (event.get("first_date"), event.get("last_date")) if d)
        )
        disputed = event.get("disputed")
        rows.append(
            "<tr>"
            f'<td><a href="events/{escape(event["id"], quote=True)}/report.html">'
            f"{escape(headline)}</a><div class=muted>{escape(event['id'])}</div></td>"
            f"<td>{escape(dates) or '<span class=muted>undated</span>'}</td>"
            f"<td>{escape(', '.join(event.get('outlets') or []))}</td>"
            f"<td class=n>{len(event.get('articles') or [])}</td>"
            f"<td class=n>{'' if disputed is None else int(disputed)}</td>"
            "</tr>"
        )
    body = (
        "<table><thead><tr><th>Event</th><th>Dates</th><th>Outlets</th><th>Articles</th>"
        "<th>Disputed</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else "<p>No event with two or more outlets yet.</p>"
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>{body}"
        '<p class=muted>JSON: <a href="index.json">index.json</a></p></body></html>\n'
    )
