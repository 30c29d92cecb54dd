"""The command line: parse arguments, call the library, render, map errors to exit codes.

Exit codes: 0 every input was used; 1 some inputs were skipped (unreadable, or their analysis
failed); 2 nothing usable remained, or the arguments were wrong; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import warnings
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rashomon._version import __version__

app = typer.Typer(
    name="rashomon",
    help="One event, many accounts: compare news reports of the same event.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    json = "json"
    md = "md"
    html = "html"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """One event, many accounts: compare news reports of the same event."""


# options that analyze and ingest share
MetaOption = Annotated[
    Path | None,
    typer.Option("--meta", help="A CSV of metadata (file,outlet,date,url,title)."),
]
FieldsOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="Map a JSON field: text=body, source=publisher (repeatable)."),
]
# options that ingest and watch share
StoreJobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing.")
]
BatchOption = Annotated[
    int, typer.Option("--batch", min=1, help="Articles extracted and committed together.")
]
# analyze, ingest and watch
EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="Where parsing runs: local (this process, or --jobs worker processes) or ray "
        "(--jobs Ray actors on a local Ray, or on the cluster RAY_ADDRESS names; "
        "pip install 'rashomon[ray]').",
    ),
]


@app.command()
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, URLs, feeds, JSON/JSONL files, or - for stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="Folder for report.json/.md/.html, or - for JSON on stdout."
        ),
    ] = "out",
    formats: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Report format (repeatable). Default: all three."),
    ] = None,
    meta: MetaOption = None,
    fields: FieldsOption = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing and extraction."),
    ] = 1,
    engine: EngineOption = Engine.local,
    encoder: Annotated[
        str | None, typer.Option("--encoder", help="Sentence encoder: minilm or tfidf.")
    ] = None,
    summary_words: Annotated[
        int | None, typer.Option("--summary-words", min=20, help="Length of the summary.")
    ] = None,
    one_event: Annotated[
        bool,
        typer.Option(
            "--one-event", help="One report over every input, even when they tell several events."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no notes.")] = False,
) -> None:
    """Compare the articles in INPUTS and write the report.

    When the inputs hold two or more events of at least two articles each, write a report per
    event (OUTPUT/events/<id>/) and OUTPUT/index.html; -o - and --one-event write one report."""
    _quiet_third_parties()
    from rashomon.analyze import analyze_events
    from rashomon.config import from_env
    from rashomon.errors import NothingToAnalyze, RashomonError

    settings = from_env().replace(jobs=jobs, engine=engine.value)
    if encoder:
        settings = settings.replace(encoder=encoder)
    if summary_words:
        settings = settings.replace(summary_words=summary_words)
    field_map = _field_map(fields or [])
    chosen = list(dict.fromkeys(formats or ([Format.json] if output == "-" else list(Format))))
    if output == "-" and chosen != [Format.json]:
        _fail("-o - writes JSON only; choose a folder for Markdown or HTML")

    show_progress = not quiet and sys.stderr.isatty()
    try:
        with _progress_bar(show_progress) as progress:
            analysis = analyze_events(
                inputs,
                settings,
                meta=meta,
                field_map=field_map,
                on_skip=_print_skip,
                progress=progress,
                one_event=one_event or output == "-",
            )
    except NothingToAnalyze as error:
        _fail(
            f"{error}; nothing to compare. Check the inputs above, or run rashomon analyze --help"
        )
    except RashomonError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        typer.echo("rashomon: interrupted", err=True)
        raise typer.Exit(130) from None

    if len(analysis.reports) == 1:
        (report,) = analysis.reports
        _write(report, output, chosen, quiet)
        raise typer.Exit(1 if report.skipped else 0)
    _write_events(analysis, Path(output), chosen, quiet)
    raise typer.Exit(1 if analysis.skipped else 0)


def _write_events(analysis: Any, folder: Path, chosen: list[Format], quiet: bool) -> None:
    """A report per event under FOLDER/events/<id>/ and the index of them."""
    from rashomon.render.site import event_entry

    listed = []
    for report in analysis.reports:
        _write(report, str(folder / "events" / report.event["id"]), chosen, quiet=True)
        disputed = sum(1 for c in report.comparisons if c.disputed)
        listed.append(event_entry(report.event, report.articles, disputed))
    skipped = [dataclasses.asdict(s) for s in analysis.skipped]
    _write_index(folder, listed, skipped=skipped)
    if not quiet:
        typer.echo(
            f"rashomon: {sum(len(r.articles) for r in analysis.reports)} articles in "
            f"{len(listed)} events; wrote {folder / 'index.html'} and a report per event in "
            f"{folder / 'events'} (--one-event for one report)",
            err=True,
        )


def _write_index(folder: Path, listed: list[dict[str, Any]], **extra: Any) -> None:
    from rashomon.render.site import render_index_html, render_index_json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(render_index_html(listed), encoding="utf-8")
    (folder / "index.json").write_text(render_index_json(listed, **extra), encoding="utf-8")


def _write(report: Any, output: str, chosen: list[Format], quiet: bool) -> None:
    from rashomon.render.json import render_json

    if output == "-":
        sys.stdout.write(render_json(report))
        return
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in chosen:
        if fmt is Format.json:
            text = render_json(report)
        elif fmt is Format.md:
            from rashomon.render.markdown import render_markdown

            text = render_markdown(report)
        else:
            from rashomon.render.html import render_html

            text = render_html(report)
        path = folder / f"report.{fmt.value}"
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    if not quiet:
        typer.echo(
            f"rashomon: {len(report.articles)} articles, {len(report.comparisons)} comparisons; "
            f"wrote {', '.join(written)}",
            err=True,
        )


def _field_map(fields: list[str]) -> dict[str, str]:
    mapping = {}
    for item in fields:
        ours, sep, theirs = item.partition("=")
        if not sep or ours not in {"text", "title", "date", "source", "url"} or not theirs:
            _fail(
                f"--field {item!r}: write OURS=THEIRS, OURS one of text, title, date, source, url"
            )
        mapping[ours] = theirs
    return mapping


def _fail(message: str) -> None:
    typer.echo(f"rashomon: {message}", err=True)
    raise typer.Exit(2)


class _progress_bar:
    """A rich progress bar on a terminal; nothing in a pipe."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _quiet_third_parties() -> None:
    """Keep the progress bars and warnings of transformers & co. out of pipes."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")
    warnings.filterwarnings("ignore", module=r"(?!rashomon)")


# The corpus store (issue 12): ingest, forget, export, report and watch. Each command opens the
# store, calls rashomon.corpus, and renders; --json puts the result on stdout.

StoreOption = Annotated[
    str,
    typer.Option("--store", envvar="RASHOMON_STORE", help="The store: one SQLite file."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="The result as JSON on stdout.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no notes.")]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch from private, loopback and link-local addresses too (refused by default).",
    ),
]


@app.command("ingest")
def ingest_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, JSON/JSONL, feeds, OPML feed lists, URLs, or - for stdin.",
            show_default=False,
        ),
    ],
    store: StoreOption = "rashomon.db",
    jobs: StoreJobsOption = 1,
    batch: BatchOption = 64,
    engine: EngineOption = Engine.local,
    meta: MetaOption = None,
    fields: FieldsOption = None,
    allow_private: AllowPrivateOption = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Store the new articles of INPUTS and their extractions.

    Nothing is parsed twice, and a killed ingest resumes where it stopped."""
    _quiet_third_parties()
    from rashomon import corpus
    from rashomon.config import from_env

    settings = from_env().replace(jobs=jobs, engine=engine.value)
    field_map = _field_map(fields or [])
    show_progress = not quiet and not as_json and sys.stderr.isatty()
    with _store_errors(), _open_store(store) as db, _progress_bar(show_progress) as progress:
        result = corpus.ingest(
            db,
            inputs,
            settings,
            meta=meta,
            field_map=field_map,
            batch=batch,
            fetcher=_fetcher(settings, allow_private),
            on_skip=_print_skip,
            progress=progress,
        )
    if as_json:
        _print_json({"store": store, **result.to_dict()})
    elif not quiet:
        typer.echo(_ingest_line(result, store), err=True)
    usable = result.added or result.reused or result.extracted_again
    if not usable and (result.skipped or result.failed):
        raise typer.Exit(2)
    raise typer.Exit(1 if result.skipped or result.failed else 0)


@app.command("watch")
def watch_command(
    feeds: Annotated[
        list[str],
        typer.Argument(help="Feed URLs and OPML feed lists (files or URLs).", show_default=False),
    ],
    every: Annotated[
        str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h.")
    ] = "15m",
    polls: Annotated[
        int, typer.Option("--polls", min=0, help="Stop after this many polls (0: never).")
    ] = 0,
    store: StoreOption = "rashomon.db",
    jobs: StoreJobsOption = 1,
    batch: BatchOption = 64,
    engine: EngineOption = Engine.local,
    allow_private: AllowPrivateOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Keep a site here: after each poll, the reports of the events that changed "
            "and index.html.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per poll on stdout.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Poll feeds, ingest what is new and place it in events.

    Each feed is asked for what changed (ETag, Last-Modified) and its new entries are fetched
    politely. A feed that fails is retried later; the others go on. With -o, the reports of
    the events that changed are written again after each poll."""
    import time

    _quiet_third_parties()
    from rashomon import corpus
    from rashomon.config import from_env

    seconds = _duration(every)
    settings = from_env().replace(jobs=jobs, engine=engine.value)
    fetcher = _fetcher(settings, allow_private)
    done = 0
    try:
        with _store_errors(), _open_store(store) as db:
            while True:
                started = time.monotonic()
                result = corpus.poll(db, feeds, settings, fetcher, batch=batch, on_skip=_print_skip)
                done += 1
                if as_json:
                    _print_json({"poll": done, "store": store, **result.to_dict()})
                    sys.stdout.flush()
                elif not quiet:
                    typer.echo(f"poll {done}: " + _ingest_line(result, store), err=True)
                if output is not None and (result.events or done == 1):
                    _write_site(db, output, list(Format), settings, quiet=True, only=result.events)
                if polls and done >= polls:
                    break
                time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    except KeyboardInterrupt:
        typer.echo("rashomon: interrupted", err=True)
        raise typer.Exit(130) from None


@app.command("serve")
def serve_command(
    store: StoreOption = "rashomon.db",
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (not loopback: --token).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8000,
    access_token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="RASHOMON_TOKEN",
            help="Every request must carry it (Authorization: Bearer, or ?token= once).",
        ),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Another Host name to answer to (a proxy's name)."),
    ] = None,
    watch: Annotated[
        list[str] | None,
        typer.Option("--watch", help="A feed URL or OPML list to poll in the background."),
    ] = None,
    every: Annotated[
        str, typer.Option("--every", help="Time between polls of --watch: 30s, 15m, 1h.")
    ] = "15m",
    allow_private: AllowPrivateOption = False,
    count_disputes: Annotated[
        bool,
        typer.Option(
            "--count-disputes",
            help="Build, in the background, the report of every event with no disputed count "
            "yet, so that 'most disputed first' ranks them all.",
        ),
    ] = False,
) -> None:
    """Serve the store as a local web app: events, reports, outlets, analyze now.

    Listens on 127.0.0.1 unless --host says otherwise, which needs --token."""
    _quiet_third_parties()
    from rashomon.config import from_env
    from rashomon.serve.security import is_loopback

    if not is_loopback(host) and not access_token:
        _fail(f"--host {host}: another machine could reach the store; give --token as well")
    settings = from_env()
    with _store_errors(), _open_store(store):
        pass  # create the store (and check it) before the first page
    import uvicorn

    from rashomon.serve.app import create_app

    web = create_app(store, settings, access_token, host=host, allow_hosts=tuple(allow_host or ()))
    if watch:
        from rashomon.serve.background import start_watch

        start_watch(
            Path(store), watch, _duration(every), settings, _fetcher(settings, allow_private)
        )
    if count_disputes:
        from rashomon.serve.background import start_counting

        start_counting(Path(store), settings)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"rashomon: serving {store} on http://{shown}:{port}/", err=True)
    if not is_loopback(host):
        typer.echo(
            f"rashomon: warning: listening on {host}, not loopback: anyone who can reach it "
            "and has the token can read the store",
            err=True,
        )
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


@app.command("forget")
def forget_command(
    articles: Annotated[
        list[str] | None,
        typer.Argument(help="Article ids, hashes, URLs or paths.", show_default=False),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Every article of this outlet (any alias).")
    ] = None,
    store: StoreOption = "rashomon.db",
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Remove articles from the store (every version); their events are updated."""
    from rashomon import corpus

    if not articles and outlet is None:
        _fail("name the articles to forget, or --outlet NAME")
    with _store_errors(), _open_store(store, create=False) as db:
        removed = corpus.forget(db, articles or [], outlet=outlet)
    if as_json:
        _print_json({"store": store, "removed": removed})
    elif not quiet:
        typer.echo(f"rashomon: removed {len(removed)} articles from {store}", err=True)


@app.command("export")
def export_command(
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Folder for articles, extractions, events .parquet.")
    ],
    store: StoreOption = "rashomon.db",
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write the store as Parquet files, for pandas, DuckDB, Polars or Spark."""
    from rashomon.store.export import export_parquet

    with _store_errors(), _open_store(store, create=False) as db:
        counts = export_parquet(db, parquet)
    if as_json:
        _print_json({"store": store, "folder": str(parquet), "rows": counts})
    elif not quiet:
        listed = ", ".join(f"{n} {table}" for table, n in counts.items())
        typer.echo(f"rashomon: wrote {listed} to {parquet}", err=True)


@app.command("report")
def report_command(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="An event id (or article ids with --articles).", show_default=False),
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option("--all", help="A report per event with two or more outlets, and an index."),
    ] = False,
    by_articles: Annotated[
        bool, typer.Option("--articles", help="TARGETS are article ids: one report over them.")
    ] = False,
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="Folder for the report(s), or - for JSON on stdout."),
    ] = "out",
    formats: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Report format (repeatable). Default: all three."),
    ] = None,
    store: StoreOption = "rashomon.db",
    encoder: Annotated[
        str | None, typer.Option("--encoder", help="Sentence encoder: minilm or tfidf.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Write reports from stored extractions, with no re-parse.

    One event, every event with two or more outlets (--all), or chosen articles (--articles)."""
    _quiet_third_parties()
    from rashomon import corpus
    from rashomon.config import from_env

    settings = from_env()
    if encoder:
        settings = settings.replace(encoder=encoder)
    targets = targets or []
    chosen = list(dict.fromkeys(formats or ([Format.json] if output == "-" else list(Format))))
    if output == "-" and chosen != [Format.json]:
        _fail("-o - writes JSON only; choose a folder for Markdown or HTML")
    if all_events == bool(targets) and not by_articles:
        _fail("give one EVENT, or --all, or --articles ID...")
    if by_articles and (all_events or not targets):
        _fail("--articles takes the article ids as arguments")
    if not all_events and not by_articles and len(targets) != 1:
        _fail("one EVENT at a time; --all writes every event")
    if all_events and output == "-":
        _fail("--all writes a folder; give -o FOLDER")
    with _store_errors(), _open_store(store, create=False) as db:
        if by_articles:
            report = corpus.report_for_articles(db, targets, settings)
            _write(report, output, chosen, quiet)
        elif not all_events:
            _, report = corpus.report_for_event(db, targets[0], settings)
            _write(report, output, chosen, quiet)
        else:
            _write_site(db, Path(output), chosen, settings, quiet)


events_app = typer.Typer(
    help="The store's events: list them, rebuild them, or correct them (merge, split).",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(events_app, name="events")


@events_app.callback()
def events_command(
    context: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="Events last reported on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Events first reported on or before this date.")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Events this outlet reported (any alias).")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Full-text search over titles and bodies.")
    ] = None,
    min_outlets: Annotated[
        int, typer.Option("--min-outlets", min=0, help="Events with at least this many outlets.")
    ] = 0,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Cluster every article again, in date order; your merges and splits are kept.",
        ),
    ] = False,
    store: StoreOption = "rashomon.db",
    as_json: Annotated[
        bool, typer.Option("--json", help="The list as rashomon.events/1 JSON on stdout.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """List the events of the store, the latest first: id, dates, outlets, articles, disputed
    facts (counted when the event's report is built), headline."""
    if context.invoked_subcommand is not None:
        return
    _quiet_third_parties()
    from rashomon import corpus, grouping
    from rashomon.config import from_env
    from rashomon.render.site import events_document
    from rashomon.store.events import list_events

    with _store_errors(), _open_store(store, create=False) as db:
        if rebuild:
            with db.writer("events"):
                grouping.rebuild_events(db, from_env())
        found = list_events(
            db, since=since, until=until, outlet=outlet, search=search, min_outlets=min_outlets
        )
        listed = [corpus.event_listing(db, e) for e in found]
    if as_json:
        _print_json(events_document(listed, store=store, total=len(listed)))
        return
    for event in listed:
        typer.echo(_event_line(event))
    if not quiet:
        note = f"rashomon: {len(listed)} events in {store}"
        if listed:
            note += "; write one's report with `rashomon report EVENT -o out/`"
        typer.echo(note, err=True)


@events_app.command("merge")
def events_merge_command(
    one: Annotated[str, typer.Argument(help="An event.", show_default=False)],
    other: Annotated[str, typer.Argument(help="Another event.", show_default=False)],
    store: StoreOption = "rashomon.db",
    as_json: JsonOption = False,
) -> None:
    """Make two events one: the older id stays, the other leads to it. Later ingests keep it
    so."""
    from rashomon import corpus, grouping

    with _store_errors(), _open_store(store, create=False) as db:
        with db.writer("events"):
            event = grouping.merge_events(db, one, other)
        listing = corpus.event_listing(db, event)
    if as_json:
        _print_json(listing)
    else:
        typer.echo(_event_line(listing))


@events_app.command("split")
def events_split_command(
    articles: Annotated[
        list[str],
        typer.Argument(help="Article ids to move into an event of their own.", show_default=False),
    ],
    store: StoreOption = "rashomon.db",
    as_json: JsonOption = False,
) -> None:
    """Move articles out of their event into a new one. Later ingests never merge them back."""
    from rashomon import corpus, grouping

    with _store_errors(), _open_store(store, create=False) as db:
        with db.writer("events"):
            event = grouping.split_event(db, articles)
        listing = corpus.event_listing(db, event)
    if as_json:
        _print_json(listing)
    else:
        typer.echo(_event_line(listing))


def _event_line(event: dict[str, Any]) -> str:
    dates = " – ".join(
        dict.fromkeys(d for d in (event.get("first_date"), event.get("last_date")) if d)
    )
    disputed = "?" if event.get("disputed") is None else str(event["disputed"])
    headline = (event.get("headline") or {}).get("text") or "(no headline)"
    if len(headline) > 100:
        headline = headline[:99].rstrip() + "…"
    return (
        f"{event['id']:>6}  {dates or 'undated':<23}  {len(event['outlets'])} outlets  "
        f"{len(event['articles'])} articles  disputed {disputed:>2}  {headline}"
    )


def _write_site(
    db: Any,
    folder: Path,
    chosen: list[Format],
    settings: Any,
    quiet: bool,
    only: Sequence[str] | None = None,
) -> None:
    """A report per event with two or more outlets and the index; with `only`, the reports
    of those events alone are written again (the index always lists every event)."""
    from rashomon import corpus
    from rashomon.store.events import list_events

    listed = []
    chosen_events = list_events(db, min_outlets=2)
    with _progress_bar(not quiet and sys.stderr.isatty()) as progress:
        for number, event in enumerate(chosen_events, start=1):
            written = folder / "events" / event.id / "report.json"
            if only is not None and event.id not in only and written.exists():
                listed.append(corpus.event_listing(db, event))
                continue
            done, report = corpus.report_for_event(db, event.id, settings)
            _write(report, str(folder / "events" / event.id), chosen, quiet=True)
            listed.append(corpus.event_listing(db, done))
            if progress is not None:
                progress("report", number, len(chosen_events))
    _write_index(folder, listed)
    if not quiet:
        typer.echo(
            f"rashomon: {len(listed)} event reports; wrote {folder / 'index.html'}", err=True
        )
        if not chosen_events:
            typer.echo(
                "rashomon: the store holds no event with two or more outlets yet; see "
                "`rashomon events`, merge events with `rashomon events merge A B`, or report "
                "chosen articles with `rashomon report --articles ID...`",
                err=True,
            )


def _open_store(path: str, *, create: bool = True) -> Any:
    from rashomon.store import Store

    return Store.open(path, create=create)


class _store_errors:
    """Map the library's errors to one line on stderr and the exit codes."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        from rashomon.errors import RashomonError

        if isinstance(error, KeyboardInterrupt):
            typer.echo("rashomon: interrupted", err=True)
            raise typer.Exit(130)
        if isinstance(error, RashomonError):
            _fail(str(error))


def _fetcher(settings: Any, allow_private: bool) -> Any:
    from rashomon.ingest.polite import Fetcher, Policy

    return Fetcher(
        Policy(
            timeout=settings.fetch_timeout,
            max_bytes=settings.max_bytes,
            allow_private=allow_private,
        )
    )


def _print_skip(item: Any) -> None:
    typer.echo(f"rashomon: skipped {item.input}: [{item.code}] {item.reason}", err=True)


def _print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _ingest_line(result: Any, store: str) -> str:
    parts = [f"{len(result.added)} new articles", f"{result.reused} already stored"]
    if result.extracted_again:
        parts.append(f"{len(result.extracted_again)} extracted again")
    if result.skipped or result.failed:
        parts.append(f"{len(result.skipped) + len(result.failed)} skipped")
    return f"rashomon: {', '.join(parts)}; {result.parsed} parsed; store {store}"


def _duration(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    number, unit = (value[:-1], value[-1]) if value[-1:] in units else (value, "s")
    try:
        seconds = float(number) * units[unit]
    except ValueError:
        seconds = -1.0
    if seconds < 1:
        _fail(f"--every {text!r}: write a duration of a second or more: 30s, 15m, 1h")
    return seconds


def main() -> None:
    app()


if __name__ == "__main__":
    main()
