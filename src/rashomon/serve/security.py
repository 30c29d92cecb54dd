"""What stands between the app and a hostile page or network: the Host allowlist (DNS
rebinding), the access token, the security headers, the CSRF token of POST forms and the cap on
request bodies.

    Guard(hosts, access_token, max_body)   decides per request: `refusal(...)` → an
                                           `ErrorInfo` to answer with, or None to go on
    SECURITY_HEADERS                       sent with every response
    CsrfSigner(secret)                     `issue()` a token for a form, `valid(token)`

The token is sent as `Authorization: Bearer TOKEN`, or once as `?token=TOKEN`: the app then
answers with a redirect to the same address without it and an HttpOnly, SameSite=Strict cookie
that carries it from then on. Tokens are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TOKEN_COOKIE = "rashomon_token"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True)
class ErrorInfo:
    """One error as the app answers it (JSON `{"error": {...}}` or the HTML error page)."""

    status: int
    code: str
    message: str
    hint: str = ""

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.message, "hint": self.hint}}


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The Host names the app answers to when bound to `bind`: the loopback names, the bound
    address and `extra`. None (any Host) for a wildcard address, which needs a token."""
    if bind in WILDCARDS:
        return None
    return frozenset({*LOOPBACK_NAMES, bind.strip("[]").lower(), *(h.lower() for h in extra)})


def host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" → "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def is_loopback(bind: str) -> bool:
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """The checks made before a request reaches a page."""

    def __init__(
        self,
        hosts: frozenset[str] | None,
        access_token: str | None = None,
        max_body: int = 20_000_000,
    ) -> None:
        self.hosts = hosts
        self.access_token = access_token
        self.max_body = max_body

    def host_refusal(self, host: str | None) -> ErrorInfo | None:
        if self.hosts is None:
            return None
        if host is None or host_name(host) not in self.hosts:
            return ErrorInfo(
                421,
                "E_HOST",
                f"this server does not answer to the host {host!r}",
                "open the address rashomon serve printed (a DNS-rebinding guard)",
            )
        return None

    def token_ok(self, authorization: str | None, cookie: str | None, query: str | None) -> bool:
        if self.access_token is None:
            return True
        expected = self.access_token.encode()
        given = []
        if authorization and authorization.lower().startswith("bearer "):
            given.append(authorization[7:].strip())
        given += [g for g in (cookie, query) if g]
        return any(hmac.compare_digest(g.encode(), expected) for g in given)

    def token_refusal(self, headers: Mapping[str, str], cookie: str | None) -> ErrorInfo | None:
        if self.token_ok(headers.get("authorization"), cookie, None):
            return None
        return ErrorInfo(
            401,
            "E_TOKEN",
            "this server needs its access token",
            "send Authorization: Bearer TOKEN, or open the address once with ?token=TOKEN",
        )

    def body_refusal(self, method: str, content_length: str | None) -> ErrorInfo | None:
        if method not in {"POST", "PUT", "PATCH"}:
            return None
        if content_length is None or not content_length.isdigit():
            return ErrorInfo(
                411, "E_LENGTH", "a request body needs a Content-Length", "send it with a length"
            )
        if int(content_length) > self.max_body:
            return too_large(f"the request is over the cap of {self.max_body:,} bytes")
        return None


def too_large(message: str) -> ErrorInfo:
    return ErrorInfo(
        413, "E_TOO_LARGE", message, "send fewer or smaller files, or save them to the store"
    )


class CsrfSigner:
    """Tokens for POST forms: a random nonce and its HMAC under the app's secret, so a page of
    another origin (which cannot read ours) cannot make one."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, value: str | None) -> bool:
        if not value or "." not in value:
            return False
        nonce, signature = value.rsplit(".", 1)
        return hmac.compare_digest(signature, self._sign(nonce))

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()
