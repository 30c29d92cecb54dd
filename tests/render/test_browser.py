"""The HTML report in a real browser: Debian's Chromium, driven by playwright, offline.

Playwright never downloads a browser here: it launches /usr/bin/chromium. Without it the
tests skip, except in CI (`CI=true`), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsertools import chromium, require
from rashomon.model import Report
from rashomon.render.common import article_anchor
from rashomon.render.html import render_html

pytestmark = pytest.mark.browser

VENEZUELA = Path(__file__).parents[3] / "shared" / "data" / "venezuela-2017"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def check_report_in_browser(browser: Any, report: Report, tmp_path: Path, name: str) -> None:
    from playwright.sync_api import expect

    path = tmp_path / f"{name}.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")

    # every outlet is named, and its article is there
    for article in report.articles:
        expect(page.locator(".byline")).to_contain_text(article.outlet)
        heading = page.locator(f"#{article_anchor(article.id)} h3")
        expect(heading).to_have_text(article.outlet)
    expect(page.locator("#disputed h2")).to_have_text("Disputed facts")

    # follow a comparison's evidence link (a disputed one when there is one)
    links = page.locator("#disputed a.evidence-link")
    if links.count() == 0:
        links = page.locator("a.evidence-link")
    assert links.count() > 0, "no comparison has an evidence link"
    link = links.first
    href = link.get_attribute("href")
    assert href is not None and href.startswith("#span-")
    link.click()
    page.wait_for_function("hash => window.location.hash === hash", arg=href)
    target = page.locator(f"mark[id='{href[1:]}']")
    expect(target).to_have_count(1)
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    assert page.evaluate(
        "id => document.querySelector(':target') === document.getElementById(id)", href[1:]
    )
    outline = page.evaluate(
        "id => getComputedStyle(document.getElementById(id)).outlineStyle", href[1:]
    )
    assert outline == "solid", "the targeted mark is not highlighted"

    # nothing but the file itself was ever requested
    assert requests, "the page load was not recorded"
    for url in requests:
        assert url.split("#")[0] == path.as_uri(), f"unexpected request: {url}"
        assert not url.startswith(("http:", "https:"))

    screenshot = tmp_path / f"{name}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    extra = os.environ.get("RASHOMON_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(extra) / screenshot.name)
    page.close()


def test_browser_fixture_report_is_offline_and_links_to_evidence(
    browser: Any, report: Report, tmp_path: Path
) -> None:
    check_report_in_browser(browser, report, tmp_path, "render_fixture")


def test_browser_venezuela_report_is_offline_and_links_to_evidence(
    browser: Any, tmp_path: Path
) -> None:
    require(VENEZUELA.is_dir(), f"{VENEZUELA} is absent (the shared evaluation data)")
    try:
        from rashomon import analyze
    except ImportError:
        require(False, "rashomon.analyze is not available yet")
        raise
    report = analyze(sorted(VENEZUELA.glob("*.txt")))
    assert {a.outlet for a in report.articles} >= {
        "TRT World",
        "venezuelanalysis.com",
        "Morning Star",
    }
    check_report_in_browser(browser, report, tmp_path, "render_venezuela")
