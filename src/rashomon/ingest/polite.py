"""A polite, guarded HTTP client for unattended fetching (`rashomon watch`, URLs given to
`rashomon ingest`).

    fetcher = Fetcher(Policy(...))
    response = fetcher.get(url, etag=..., last_modified=...)   # Response, or InputError

- Conditional GET: the validators of the last answer go back as If-None-Match and
  If-Modified-Since; a 304 comes back as `Response.not_modified`.
- One request at a time per host (host and port), at least `Policy.delay` seconds apart.
- 429 and 503 are honoured: the host is left alone for its Retry-After (seconds or a date), or
  for a back-off that doubles with each refusal; a wait longer than `Policy.max_wait` is not
  done inside the fetch: it fails with E_FETCH, and the host stays paused for the next poll.
  Connection failures and 5xx answers grow the host's delay the same way; a success resets it.
- Caps: `Policy.timeout` seconds for the whole fetch (connection to last byte, however slowly
  the server trickles), `Policy.max_bytes` bytes of body, `Policy.max_redirects` redirects.
- Addresses: every hop (each redirect included) is resolved and checked by `addresses.py`,
  and the connection goes to the checked address: private, loopback, link-local and metadata
  addresses are refused (E_PRIVATE) unless `Policy.allow_private`.

Threads may share one `Fetcher`: the per-host locks make the politeness hold across them, and
different hosts are fetched in parallel. `clock` and `sleep` are the politeness timer; tests give
fake ones so that no test waits for a Retry-After.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from rashomon.errors import InputError
from rashomon.ingest.addresses import Network, Resolver, checked_addresses

USER_AGENT = "rashomon (+https://pypi.org/project/rashomon/)"
_REDIRECTS = {301, 302, 303, 307, 308}
_RATE_LIMITED = {429, 503}
_CHUNK = 65536


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0  # seconds for one fetch, connection to last byte
    max_bytes: int = 5_000_000
    allow_private: bool = False
    # networks allowed although not public (tests: 127.0.0.1/32); allow_private allows all
    allowed: tuple[Network, ...] = ()
    # seconds between two requests to one host (crawlers' usual floor is one second)
    delay: float = 1.0
    # the longest pause (Retry-After or back-off) waited for inside one fetch
    max_wait: float = 60.0
    # 429/503 answers retried inside one fetch, each after its pause
    retries: int = 2
    max_redirects: int = 5
    # the longest a host is paused for, whatever it asks
    max_backoff: float = 6 * 3600.0

    @staticmethod
    def networks(*cidrs: str) -> tuple[Network, ...]:
        return tuple(ipaddress.ip_network(c) for c in cidrs)


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET that found nothing new
    content_type: str | None  # without parameters
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # the politeness clock's time before which nothing is sent
    failures: int = 0


class Fetcher:
    def __init__(
        self,
        policy: Policy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver = socket.getaddrinfo,
    ) -> None:
        self.policy = policy or Policy()
        self.clock = clock
        self.sleep = sleep
        self.resolver = resolver
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET `url`, following redirects; `InputError` when it cannot be had."""
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.policy.max_redirects + 1):
            status, message, body = self._polite(url, current, headers)
            if status in _REDIRECTS:
                location = message.get("Location")
                if not location:
                    raise InputError("E_FETCH", url, f"HTTP {status} without a Location")
                current = urljoin(current, location.strip())
                continue
            if status == 304 or 200 <= status < 300:
                typed = message.get("Content-Type") is not None
                return Response(
                    url=current,
                    status=status,
                    content_type=message.get_content_type() if typed else None,
                    charset=message.get_content_charset(),
                    body=body,
                    etag=message.get("ETag"),
                    last_modified=message.get("Last-Modified"),
                )
            raise InputError("E_FETCH", url, f"HTTP {status}")
        raise InputError("E_FETCH", url, f"more than {self.policy.max_redirects} redirects")

    def paused_for(self, url: str) -> float:
        """Seconds before the host of `url` may be asked again (0 when it may now)."""
        host = self._host(url)
        return max(0.0, host.next_at - self.clock())

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{(parts.hostname or '').lower()}:{parts.port or ''}"
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _polite(self, origin: str, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        """One request to `url`, one at a time per host, after the host's pause; 429 and 503
        retried after the pause they ask for."""
        policy = self.policy
        host = self._host(url)
        refusals = 0
        while True:
            with host.lock:
                wait = host.next_at - self.clock()
                if wait > policy.max_wait:
                    raise InputError(
                        "E_FETCH",
                        origin,
                        f"{urlsplit(url).netloc} asked for a pause; "
                        f"it is asked again in {wait:.0f} s",
                    )
                if wait > 0:
                    self.sleep(wait)
                try:
                    status, message, body = self._request(origin, url, headers)
                except InputError:
                    host.failures += 1
                    host.next_at = self.clock() + self._backoff(host)
                    raise
                host.next_at = self.clock() + policy.delay
                if status in _RATE_LIMITED:
                    host.failures += 1
                    pause = _retry_after(message.get("Retry-After"))
                    pause = min(
                        pause if pause is not None else self._backoff(host), policy.max_backoff
                    )
                    host.next_at = self.clock() + max(pause, policy.delay)
                    refusals += 1
                    if refusals > policy.retries:
                        raise InputError(
                            "E_FETCH",
                            origin,
                            f"HTTP {status} (rate limited) {refusals} times; "
                            f"asked again in {pause:.0f} s",
                        )
                    continue
                if status >= 500:
                    host.failures += 1
                    host.next_at = self.clock() + self._backoff(host)
                else:
                    host.failures = 0
                return status, message, body

    def _backoff(self, host: _Host) -> float:
        base = max(self.policy.delay, 1.0)
        return float(min(base * 2 ** min(host.failures, 20), self.policy.max_backoff))

    def _request(
        self, origin: str, url: str, headers: dict[str, str]
    ) -> tuple[int, Message, bytes]:
        policy = self.policy
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise InputError("E_FETCH", origin, f"only http and https can be fetched, not {url}")
        host = parts.hostname
        if not host:
            raise InputError("E_FETCH", origin, f"no host in {url}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise InputError("E_FETCH", origin, f"bad port in {url}") from None
        address = checked_addresses(
            origin,
            host,
            port,
            allow_private=policy.allow_private,
            allowed=policy.allowed,
            resolver=self.resolver,
        )[0]
        deadline = time.monotonic() + policy.timeout
        connection: http.client.HTTPConnection = (
            _PinnedHTTPS(host, port, address, policy.timeout)
            if scheme == "https"
            else _PinnedHTTP(host, port, address, policy.timeout)
        )
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        response: http.client.HTTPResponse | None = None
        try:
            connection.request("GET", target, headers=headers)
            sock = connection.sock  # the response may take it over from the connection
            response = connection.getresponse()
            message = response.msg
            if not 200 <= response.status < 300:
                return response.status, message, b""
            length = message.get("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise InputError(
                    "E_TOO_LARGE", origin, f"over the cap of {policy.max_bytes:,} bytes"
                )
            body = _read(response, sock, policy.max_bytes, deadline, origin)
            return response.status, message, body
        except InputError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:  # timeouts, resets
            reason = str(exc) or type(exc).__name__
            if isinstance(exc, TimeoutError | socket.timeout):
                reason = f"no answer within {policy.timeout:g} s"
            raise InputError("E_FETCH", origin, reason) from None
        finally:
            if response is not None:
                response.close()
            connection.close()


def _read(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    cap: int,
    deadline: float,
    origin: str,
) -> bytes:
    """The body, at most `cap` bytes, by `deadline` however slowly it comes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise InputError("E_TOO_LARGE", origin, f"over the cap of {cap:,} bytes")
        chunks.append(chunk)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever DNS would answer now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """As `_PinnedHTTP`, with TLS verified against the host name (SNI and certificate)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


__all__: Sequence[str] = ["Fetcher", "Policy", "Response"]
