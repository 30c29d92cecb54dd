"""The web app: FastAPI routes that call the library and render (`rashomon serve`).

    create_app(store_path, settings, access_token=None, host="127.0.0.1", ...) → FastAPI

Pages: /events, /events/{id}, /articles/{id}, /outlets, /outlets/{name}, /analyze and
/analyze/{job}. Each has a JSON twin, at the same address with `.json` or asked for with
`Accept: application/json`: the same data the page shows (the event's is the report contract,
`rashomon.report/1`; the list is `rashomon.events/1`). /openapi.json documents them, each
with the shape of its JSON (schemas.py: typed models, and the shipped JSON Schema files). Errors
are one JSON shape, `{"error": {"code", "message", "hint"}}`, or one HTML page; never a trace.

Every request opens the store afresh (a connection per request; SQLite's WAL lets it read while
`rashomon watch` writes), so a page shows what the store holds now.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon._version import __version__
from rashomon.config import Settings
from rashomon.errors import CODES, RashomonError, StoreError, UsageError
from rashomon.ingest import FEED_SUFFIXES, HTML_SUFFIXES, JSON_SUFFIXES, TEXT_SUFFIXES
from rashomon.ingest.sidecar import SIDECAR_NAME
from rashomon.render.html import render_html_body, report_stylesheet, template_environment
from rashomon.serve import pages, schemas
from rashomon.serve.jobs import Jobs, Upload
from rashomon.serve.schemas import ERRORS, json_response
from rashomon.serve.security import (
    SECURITY_HEADERS,
    TOKEN_COOKIE,
    CsrfSigner,
    ErrorInfo,
    Guard,
    allowed_hosts,
    too_large,
)
from rashomon.store import Store

# the analyze form's caps
MAX_FILES = 20
MAX_FILE_BYTES = 2_000_000
MAX_URLS = 20
MAX_BODY = MAX_FILES * MAX_FILE_BYTES + 2_000_000
UPLOAD_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES)
_STATUS_CODES = {
    400: "E_BAD_REQUEST",
    404: "E_NOT_FOUND",
    405: "E_METHOD",
    413: "E_TOO_LARGE",
    415: "E_UNSUPPORTED",
    422: "E_BAD_REQUEST",
}
log = logging.getLogger("rashomon.serve")
_CODED = re.compile(r"\[(E_[A-Z_]+)\]\s*(.*)", re.S)


def create_app(
    store_path: str | Path,
    settings: Settings | None = None,
    access_token: str | None = None,
    *,
    host: str = "127.0.0.1",
    allow_hosts: tuple[str, ...] = (),
    jobs: Jobs | None = None,
) -> FastAPI:
    """The app over the store at `store_path`. `access_token`: every request must carry it;
    `host`: the address it is bound to (its Host allowlist: the loopback names, `host` and
    `allow_hosts`)."""
    settings = settings or Settings()
    path = Path(store_path)
    queue = jobs or Jobs(settings, path)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(queue.close)  # the analysis process ends with the server

    app = FastAPI(
        lifespan=lifespan,
        title="rashomon",
        version=__version__,
        description="The events of a rashomon store: every page as HTML or JSON.",
        docs_url=None,  # the interactive docs load scripts from a CDN: /openapi.json only
        redoc_url=None,
    )
    schemas.install(app)
    guard = Guard(allowed_hosts(host, allow_hosts), access_token, MAX_BODY)
    csrf = CsrfSigner()
    reports = pages.ReportCache(settings)

    app.state.store_path = path
    app.state.jobs = queue

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = (
            _templates()
            .get_template(name)
            .render(request_path=request.url.path, csrf=csrf.issue(), **context)
        )
        return HTMLResponse(html, status_code=status)

    def answer(request: Request, data: Any, name: str, **context: Any) -> Response:
        if wants_json(request):
            return JSONResponse(data)
        return render(request, name, data=data, **context)

    def error_response(request: Request, info: ErrorInfo) -> Response:
        if wants_json(request):
            return JSONResponse(info.to_dict(), status_code=info.status)
        return render(request, "error.html.j2", status=info.status, error=info)

    @app.middleware("http")
    async def guarded(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await _guarded(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _guarded(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        refusal = guard.host_refusal(request.headers.get("host"))
        if refusal is not None:
            return error_response(request, refusal)
        given = request.query_params.get("token")
        if given is not None and guard.access_token is not None:
            if not guard.token_ok(None, None, given):
                return error_response(
                    request, ErrorInfo(401, "E_TOKEN", "the token is wrong", "check the token")
                )
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urllib.parse.urlencode(rest) if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict", path="/")
            return redirect
        refusal = guard.token_refusal(request.headers, request.cookies.get(TOKEN_COOKIE))
        refusal = refusal or guard.body_refusal(
            request.method, request.headers.get("content-length")
        )
        if refusal is not None:
            return error_response(request, refusal)
        try:
            return await call_next(request)
        except Exception:  # never a stack trace: the one error shape (the log has it)
            log.exception("%s %s failed", request.method, request.url.path)
            return error_response(
                request,
                ErrorInfo(
                    500,
                    "E_INTERNAL",
                    "the server failed on this request",
                    "report it with the address you opened; the server log has the details",
                ),
            )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "E_HTTP")
        message = "no page at this address" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, ErrorInfo(exc.status_code, code, message, ""))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_response(
            request, ErrorInfo(422, "E_BAD_REQUEST", problems, "check the address's parameters")
        )

    @app.exception_handler(RashomonError)
    async def library_error(request: Request, exc: RashomonError) -> Response:
        return error_response(request, library_info(exc))

    # -- pages ---------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/events", status_code=303)

    @app.get(
        "/events",
        summary="Events, filtered and paged (rashomon.events/1)",
        responses={200: json_response(schemas.EventsPage, "one page of the events"), **ERRORS},
    )
    @app.get("/events.json", include_in_schema=False)
    def events(
        request: Request,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        q: Annotated[str | None, Query(max_length=500)] = None,
        sort: pages.Sort = "newest",
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    ) -> Response:
        query = pages.EventQuery(
            since=pages.check_date(since, "since"),
            until=pages.check_date(until, "until"),
            outlet=outlet or None,
            q=q or None,
            sort=sort,
            page=page,
        )
        with open_store(request) as store:
            return answer(request, pages.events_page(store, query), "events.html.j2")

    @app.get(
        "/events/{event_id}",
        summary="An event's report (rashomon.report/1)",
        responses={200: json_response("RashomonReport", "the event's report"), **ERRORS},
    )
    def event(request: Request, event_id: str) -> Response:
        event_id = _twin(request, event_id)
        with open_store(request) as store:
            cached = pages.event_page(store, event_id, reports)
        if wants_json(request):
            body = cached.memo("json", lambda report: json.dumps(report.to_dict()).encode())
            return Response(body, media_type="application/json")
        return render(
            request,
            "event.html.j2",
            event=cached.event,
            report=cached.report,
            coverage=cached.memo("coverage", pages.coverage),
            report_html=cached.memo("html", lambda report: Markup(render_html_body(report))),
        )

    @app.get(
        "/articles/{article_id}",
        summary="An article with its extracted items",
        responses={200: json_response(schemas.ArticlePage, "the article and its items"), **ERRORS},
    )
    def article(request: Request, article_id: str) -> Response:
        article_id = _twin(request, article_id)
        with open_store(request) as store:
            view = pages.article_page(store, article_id, reports)
        return answer(request, view.to_dict(), "article.html.j2", view=view)

    @app.get(
        "/outlets",
        summary="Outlets: events covered and left out, by month",
        responses={200: json_response(schemas.OutletsPage, "every outlet"), **ERRORS},
    )
    @app.get("/outlets.json", include_in_schema=False)
    def outlets(request: Request) -> Response:
        with open_store(request) as store:
            return answer(request, pages.outlets_page(store), "outlets.html.j2")

    @app.get(
        "/outlets/{name:path}",
        summary="One outlet and the facts it never reports",
        responses={200: json_response(schemas.OutletPage, "the outlet, one page"), **ERRORS},
    )
    def outlet(
        request: Request,
        name: str,
        only: pages.Only = "all",
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    ) -> Response:
        name = _twin(request, name)
        with open_store(request) as store:
            data = pages.outlet_page(store, name, reports, page=page, only=only)
        return answer(request, data, "outlet.html.j2", chart=pages.outlet_chart(data))

    @app.get(
        "/analyze",
        summary="The analyze form",
        responses={200: json_response(schemas.AnalyzeLimits, "the form's caps"), **ERRORS},
    )
    def analyze_form(request: Request) -> Response:
        limits = {
            "max_files": MAX_FILES,
            "max_file_bytes": MAX_FILE_BYTES,
            "max_urls": MAX_URLS,
            "formats": [*sorted(UPLOAD_SUFFIXES), SIDECAR_NAME],
        }
        return answer(request, limits, "analyze.html.j2", limits=limits)

    @app.post(
        "/analyze",
        summary="Queue an analysis of pasted text, files or URLs",
        responses={202: json_response(schemas.Job, "the analysis, queued"), **ERRORS},
    )
    async def analyze_post(request: Request) -> Response:
        async with request.form(max_files=MAX_FILES + 1, max_fields=20) as form:
            check_csrf(request, form.get("csrf"))
            upload = await read_upload(form)  # the files are closed as the block ends
        job = queue.submit(upload)
        if wants_json(request):
            return JSONResponse(job.to_dict(), status_code=202)
        return RedirectResponse(f"/analyze/{job.id}", status_code=303)

    @app.get(
        "/analyze/{job_id}",
        summary="An analysis: its progress, then its report",
        responses={200: json_response(schemas.Job, "the analysis"), **ERRORS},
    )
    def analyze_job(request: Request, job_id: str) -> Response:
        job_id = _twin(request, job_id)
        job = queue.get(job_id)
        if job is None:
            raise pages.NotFound("E_NO_JOB", f"no analysis {job_id!r} (finished ones expire)")
        if wants_json(request):
            return JSONResponse(job.to_dict())
        context: dict[str, Any] = {"job": job}
        if job.report is not None:
            context.update(
                coverage=pages.coverage(job.report),
                report_html=Markup(render_html_body(job.report)),
            )
        return render(request, "job.html.j2", **context)

    @app.post(
        "/analyze/{job_id}/save",
        summary="Store an analysis's articles",
        responses={202: json_response(schemas.Job, "the analysis, saving"), **ERRORS},
    )
    async def analyze_save(request: Request, job_id: str) -> Response:
        async with request.form(max_files=0, max_fields=5) as form:
            check_csrf(request, form.get("csrf"))
        job = queue.get(job_id)
        if job is None:
            raise pages.NotFound("E_NO_JOB", f"no analysis {job_id!r} (finished ones expire)")
        queue.save(job)
        if wants_json(request):
            return JSONResponse(job.to_dict(), status_code=202)
        return RedirectResponse(f"/analyze/{job.id}", status_code=303)

    @app.get("/static/report.css", include_in_schema=False)
    def report_css() -> Response:
        return Response(report_stylesheet(), media_type="text/css")

    @app.get("/static/app.css", include_in_schema=False)
    def app_css() -> Response:
        return Response(_static("app.css"), media_type="text/css")

    def check_csrf(request: Request, value: object) -> None:
        origin = request.headers.get("origin")
        host = request.headers.get("host")
        if origin is not None and origin != "null" and urllib.parse.urlsplit(origin).netloc != host:
            raise _Refused(ErrorInfo(403, "E_CSRF", "a form of another site", ""))
        if not csrf.valid(value if isinstance(value, str) else None):
            raise _Refused(
                ErrorInfo(
                    403,
                    "E_CSRF",
                    "the form's CSRF token is missing or wrong",
                    "reload the form and send it again",
                )
            )

    @app.exception_handler(_Refused)
    async def refused(request: Request, exc: _Refused) -> Response:
        return error_response(request, exc.info)

    return app


def open_store(request: Request) -> Store:
    """The store, opened for this request only, in the thread that serves it (a SQLite
    connection stays in its thread): `with open_store(request) as store:`."""
    return Store.open(request.app.state.store_path, create=False)


class _Refused(Exception):
    def __init__(self, info: ErrorInfo) -> None:
        self.info = info
        super().__init__(info.message)


async def read_upload(form: Any) -> Upload:
    """The analyze form as an `Upload`, within the caps (413), formats we read only (415)."""
    files: list[tuple[str, bytes]] = []
    sent = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if len(sent) > MAX_FILES:
        raise _Refused(too_large(f"{len(sent)} files: at most {MAX_FILES} at a time"))
    for item in sent:
        name = str(item.filename)
        suffix = Path(name.replace("\\", "/")).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES and Path(name).name != SIDECAR_NAME:
            raise _Refused(
                ErrorInfo(
                    415,
                    "E_UNSUPPORTED",
                    f"{name}: not a format rashomon reads",
                    CODES["E_UNSUPPORTED"],
                )
            )
        data = await item.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise _Refused(too_large(f"{name} is over the cap of {MAX_FILE_BYTES:,} bytes"))
        files.append((name, data))
    urls = [u.strip() for u in str(form.get("urls") or "").splitlines() if u.strip()]
    if len(urls) > MAX_URLS:
        raise _Refused(too_large(f"{len(urls)} URLs: at most {MAX_URLS} at a time"))
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise _Refused(
                ErrorInfo(400, "E_BAD_URL", f"{url}: not an http(s) URL", "give http(s) URLs")
            )
    upload = Upload(
        files=tuple(files),
        text=str(form.get("text") or ""),
        text_outlet=str(form.get("outlet") or ""),
        text_title=str(form.get("title") or ""),
        text_date=str(form.get("date") or ""),
        urls=tuple(urls),
    )
    if not (upload.files or upload.text.strip() or upload.urls):
        raise _Refused(
            ErrorInfo(400, "E_NOTHING", "nothing to analyze", "paste text, add files or URLs")
        )
    return upload


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _twin(request: Request, value: str) -> str:
    """A path parameter without the `.json` of a JSON twin's address."""
    return value[: -len(".json")] if request.url.path.endswith(".json") else value


def library_info(exc: RashomonError) -> ErrorInfo:
    """A library error as the app answers it: its code, its message, what to do."""
    text = str(exc)
    match = _CODED.match(text)
    code, message = (match.group(1), match.group(2)) if match else ("", text)
    if isinstance(exc, pages.NotFound):
        return ErrorInfo(404, exc.code, text, "check the address; the list is at /events")
    if isinstance(exc, StoreError):
        return ErrorInfo(503, code or "E_STORE", message, "check the store rashomon serve uses")
    if isinstance(exc, UsageError):
        return ErrorInfo(400, code or "E_USAGE", message, CODES.get(code, ""))
    return ErrorInfo(400, code or "E_RASHOMON", message, CODES.get(code, ""))


@cache
def _templates() -> jinja2.Environment:
    env = template_environment("rashomon.serve")
    env.globals["quote"] = lambda value: urllib.parse.quote(str(value), safe="")
    env.globals["urlencode"] = lambda pairs: urllib.parse.urlencode(
        [(k, v) for k, v in pairs.items() if v not in (None, "")]
    )
    return env


@cache
def _static(name: str) -> str:
    return resources.files("rashomon.serve").joinpath("static", name).read_text("utf-8")
