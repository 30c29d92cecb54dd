"""The web app's guards: headers, the Host allowlist, the access token, CSRF, upload caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from servetools import client, csrf_of, post_analyze

from rashomon.serve.app import MAX_FILE_BYTES, MAX_FILES
from rashomon.serve.jobs import safe_name
from rashomon.serve.security import CSP, CsrfSigner, allowed_hosts, host_name, is_loopback


@pytest.mark.parametrize("address", ["/events", "/events.json", "/nowhere", "/static/app.css"])
def test_every_answer_carries_the_security_headers(web: TestClient, address: str) -> None:
    headers = web.get(address).headers
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert "unsafe-inline" not in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


def test_another_host_header_is_refused_dns_rebinding(web: TestClient) -> None:
    answer = web.get("/events.json", headers={"Host": "evil.example:8000"})
    assert answer.status_code == 421
    assert answer.json()["error"]["code"] == "E_HOST"
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert web.get("/events.json", headers={"Host": host}).status_code == 200


def test_host_names_and_allowlists() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.org:80") == "example.org"
    assert allowed_hosts("0.0.0.0") is None
    assert "news.lan" in (allowed_hosts("127.0.0.1", ["news.lan"]) or set())
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")


def test_token_is_needed_and_accepted_as_bearer(store_path: Path) -> None:
    web = client(store_path, "s3cret")
    refused = web.get("/events.json")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "E_TOKEN"
    assert web.get("/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert web.get("/events.json", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_token_in_the_address_sets_an_httponly_strict_cookie_once(store_path: Path) -> None:
    web = client(store_path, "s3cret")
    answer = web.get("/events?token=s3cret&q=dam", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/events?q=dam"  # the token leaves the address
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert web.get("/events.json").status_code == 200  # the cookie carries it now
    assert client(store_path, "s3cret").get("/events?token=nope").status_code == 401


def test_post_without_a_valid_csrf_token_is_refused(web: TestClient) -> None:
    for token in (None, "", "abc.def", CsrfSigner().issue()):
        data = {"text": "Some text to analyse."} | ({"csrf": token} if token is not None else {})
        answer = web.post("/analyze", data=data, headers={"Accept": "application/json"})
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "E_CSRF"


def test_post_from_another_origin_is_refused(web: TestClient) -> None:
    answer = web.post(
        "/analyze",
        data={"text": "Some text.", "csrf": csrf_of(web)},
        headers={"Origin": "http://evil.example", "Accept": "application/json"},
    )
    assert answer.status_code == 403


def test_too_many_files_is_a_413(web: TestClient) -> None:
    files = [("files", (f"a{n}.txt", b"text", "text/plain")) for n in range(MAX_FILES + 1)]
    answer = web.post("/analyze", data={"csrf": csrf_of(web)}, files=files)
    assert answer.status_code == 413
    assert f"at most {MAX_FILES}" in answer.text


def test_a_file_over_the_cap_is_a_413(web: TestClient) -> None:
    big = b"word " * (MAX_FILE_BYTES // 5 + 1)
    answer = post_analyze(web, [("files", ("big.txt", big, "text/plain"))])
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "E_TOO_LARGE"


def test_a_body_over_the_cap_is_refused_before_it_is_read(web: TestClient) -> None:
    answer = web.post(
        "/analyze",
        content=b"x",
        headers={"Content-Length": str(10**10), "Accept": "application/json"},
    )
    assert answer.status_code == 413


def test_a_format_we_do_not_read_is_a_415(web: TestClient) -> None:
    answer = post_analyze(web, [("files", ("tool.exe", b"MZ", "application/octet-stream"))])
    assert answer.status_code == 415
    assert answer.json()["error"]["code"] == "E_UNSUPPORTED"


def test_a_url_that_is_not_http_is_refused(web: TestClient) -> None:
    answer = post_analyze(web, urls="file:///etc/passwd")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "E_BAD_URL"


@pytest.mark.parametrize(
    ("sent", "made"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("/abs/path/report.txt", "report.txt"),
        (".hidden.txt", "hidden.txt"),
        ("a b;c$.txt", "a_b_c_.txt"),
        ("..", "upload"),
    ],
)
def test_a_sent_file_name_never_becomes_a_path(sent: str, made: str) -> None:
    assert safe_name(sent, set()) == made


def test_two_files_of_one_name_are_both_kept() -> None:
    taken: set[str] = set()
    assert [safe_name("a.txt", taken), safe_name("dir/a.txt", taken)] == ["a.txt", "a-2.txt"]
