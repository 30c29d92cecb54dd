"""Analyze now: pasted text, uploaded files and URLs, analysed off the request loop; the
report is the event page's; the articles are stored only when asked."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from fastapi.testclient import TestClient
from servetools import EXAMPLES, SETTINGS, csrf_of, openapi_errors, post_analyze

from rashomon.render.json import validate
from rashomon.serve.jobs import AnalysisProcess, Upload
from rashomon.store import Store


def finished(web: TestClient, job_id: str) -> None:
    job = web.app.state.jobs.get(job_id)  # type: ignore[attr-defined]
    assert job is not None and job.wait(120), "the analysis did not end"


def test_pasted_text_and_uploads_give_the_report_and_save_on_request(
    web: TestClient, store_path: Path
) -> None:
    herald, courier = sorted(EXAMPLES.glob("*.txt"))[1:]
    answer = web.post(
        "/analyze",
        data={
            "csrf": csrf_of(web),
            "text": herald.read_text("utf-8") + "\nThe desk added this closing line later.\n",
            "outlet": "The Pasted Herald",
            "title": "Pasted\nTitle: injected",
        },
        files=[("files", (f"../../{courier.name}", courier.read_bytes(), "text/plain"))],
        follow_redirects=False,
    )
    assert answer.status_code == 303
    address = answer.headers["location"]
    assert address.startswith("/analyze/")
    job_id = address.rsplit("/", 1)[1]
    progress = web.get(address)
    assert progress.status_code == 200
    finished(web, job_id)

    data = web.get(f"{address}.json").json()
    assert data["state"] == "done", data["error"]
    validate(data["report"])
    assert openapi_errors(web, "Job", data) == []  # what /openapi.json says an analysis is
    outlets = {a["outlet"] for a in data["report"]["articles"]}
    assert "The Pasted Herald" in outlets
    paths = {a["path"] for a in data["report"]["articles"]}
    assert all("rashomon-serve-" not in (p or "") for p in paths)  # the temporary folder
    assert any(p and p.endswith(courier.name) and ".." not in p for p in paths)
    page = web.get(address)
    assert '<section id="disputed">' in page.text and "Save these articles" in page.text
    assert 'http-equiv="refresh"' not in page.text

    with Store.open(store_path) as store:
        before = store.row("SELECT count(*) FROM articles")[0]  # type: ignore[index]
    saved = web.post(f"{address}/save", data={"csrf": csrf_of(web)}, follow_redirects=False)
    assert saved.status_code == 303
    finished(web, job_id)
    job = web.get(f"{address}.json").json()
    assert job["saved"] is not None and len(job["saved"]) == 1  # the courier is stored already
    with Store.open(store_path) as store:
        titles = [r[0] for r in store.rows("SELECT title FROM articles")]
        assert store.row("SELECT count(*) FROM articles")[0] == before + 1  # type: ignore[index]
    assert "Pasted Title: injected" in titles  # one line: no header injected


def test_nothing_usable_fails_the_job_with_a_code(web: TestClient) -> None:
    answer = post_analyze(web, text="Too short.")
    assert answer.status_code == 202
    job_id = answer.json()["id"]
    finished(web, job_id)
    data = web.get(f"/analyze/{job_id}.json").json()
    assert data["state"] == "failed"
    assert data["error"]["code"] == "E_NOTHING"
    page = web.get(f"/analyze/{job_id}")
    assert "E_NOTHING" in page.text and "Traceback" not in page.text


def test_a_private_url_is_refused_by_the_guarded_fetcher(web: TestClient) -> None:
    answer = post_analyze(web, urls="http://127.0.0.1:9/secret\nhttp://169.254.169.254/")
    job_id = answer.json()["id"]
    finished(web, job_id)
    data = web.get(f"/analyze/{job_id}.json").json()
    assert data["state"] == "failed"
    assert "E_PRIVATE" in data["error"]["message"]


def test_an_empty_form_is_a_coded_400(web: TestClient) -> None:
    answer = post_analyze(web)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "E_NOTHING"


def test_an_unknown_job_is_a_coded_404(web: TestClient) -> None:
    assert web.get("/analyze/nope.json").json()["error"]["code"] == "E_NO_JOB"


def test_the_analysis_runs_in_a_process_of_its_own() -> None:
    process = AnalysisProcess()
    try:
        outcome = process.run("j1", SETTINGS, Upload(text="Too short."), lambda *tick: None)
        assert outcome.error is not None and outcome.error["code"] == "E_NOTHING"
        assert outcome.pid not in (0, os.getpid())
        again = process.run("j2", SETTINGS, Upload(text="Still short."), lambda *tick: None)
        assert again.pid == outcome.pid  # kept: its models stay loaded
    finally:
        process.close()


def test_a_process_that_dies_fails_its_job_only() -> None:
    """The process is killed as it reports its first progress (reading, before the model
    loads): the job fails with E_WORKER, and the next analysis gets a new process."""
    process = AnalysisProcess()
    text = sorted(EXAMPLES.glob("*.txt"))[0].read_text("utf-8")
    try:
        first = process.run("j1", SETTINGS, Upload(text="Too short."), lambda *tick: None)
        ticks: list[tuple[str, int, int]] = []

        def kill(stage: str, done: int, total: int) -> None:
            ticks.append((stage, done, total))
            if len(ticks) == 1:
                os.kill(first.pid, signal.SIGKILL)

        died = process.run("j2", SETTINGS, Upload(text=text), kill)
        assert ticks[0] == ("read", 0, 0)
        assert died.error is not None and died.error["code"] == "E_WORKER", died.error
        after = process.run("j3", SETTINGS, Upload(text="Too short."), lambda *tick: None)
        assert after.error is not None and after.error["code"] == "E_NOTHING"
        assert after.pid not in (0, first.pid)
    finally:
        process.close()


def test_the_process_ends_with_the_server_however_the_server_ends() -> None:
    """A server killed outright (no exit handlers) leaves no analysis process behind."""
    import select
    import subprocess
    import sys

    script = (
        "import os, sys, servetools\n"
        "from rashomon.serve.jobs import AnalysisProcess, Upload\n"
        "done = AnalysisProcess().run('j', servetools.SETTINGS, Upload(text='Short.'), print)\n"
        "print(done.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    here = Path(__file__).parent
    ran = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(here), *sys.path])},
    )
    pid = int(ran.stdout.split()[-1])
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # already gone
    try:
        ended, _, _ = select.select([handle], [], [], 30)
        assert ended, f"the analysis process {pid} outlived its server"
    finally:
        os.close(handle)
