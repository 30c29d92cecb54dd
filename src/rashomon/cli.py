"""The command line: parse arguments, call the library, render, map errors to exit codes.

Exit codes: 0 every input was used; 1 some inputs were skipped (unreadable, or their analysis
failed); 2 nothing usable remained, or the arguments were wrong; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rashomon import __version__

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
    meta: Annotated[
        Path | None,
        typer.Option("--meta", help="A CSV of metadata (file,outlet,date,url,title)."),
    ] = None,
    fields: Annotated[
        list[str] | None,
        typer.Option("--field", help="Map a JSON field: text=body, source=publisher (repeatable)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing and extraction."),
    ] = 1,
    encoder: Annotated[
        str | None, typer.Option("--encoder", help="Sentence encoder: minilm or tfidf.")
    ] = None,
    summary_words: Annotated[
        int | None, typer.Option("--summary-words", min=20, help="Length of the summary.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no notes.")] = False,
) -> None:
    """Compare the articles in INPUTS and write the report."""
    _quiet_third_parties()
    from rashomon.analyze import analyze as run
    from rashomon.config import from_env
    from rashomon.errors import NothingToAnalyze, RashomonError
    from rashomon.model import Skipped

    settings = from_env().replace(jobs=jobs)
    if encoder:
        settings = settings.replace(encoder=encoder)
    if summary_words:
        settings = settings.replace(summary_words=summary_words)
    field_map = _field_map(fields or [])
    chosen = list(dict.fromkeys(formats or ([Format.json] if output == "-" else list(Format))))
    if output == "-" and chosen != [Format.json]:
        _fail("-o - writes JSON only; choose a folder for Markdown or HTML")

    def on_skip(item: Skipped) -> None:
        typer.echo(f"rashomon: skipped {item.input}: [{item.code}] {item.reason}", err=True)

    show_progress = not quiet and sys.stderr.isatty()
    try:
        with _progress_bar(show_progress) as progress:
            report = run(
                inputs, settings, meta=meta, field_map=field_map, on_skip=on_skip, progress=progress
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

    _write(report, output, chosen, quiet)
    raise typer.Exit(1 if report.skipped else 0)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
