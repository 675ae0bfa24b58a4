"""The one way the product opens a web address: safe for the server it runs on, polite to others.

* Server-side request forgery: only http and https; the host is resolved once, every address it
  resolves to must be public (not private, loopback, link-local, multicast or reserved) unless
  the policy allows its network, and the connection goes to the address that was checked (so a
  DNS answer that changes between check and connect cannot point it elsewhere). Every redirect
  hop is checked again; at most :data:`MAX_REDIRECTS` are followed, and a loop is named.
* Politeness: robots.txt is obeyed (cached per host), requests to one host are spaced by the
  policy's delay (or the robots.txt Crawl-delay when longer), and the User-Agent names the
  product and its site.
* Conditional GET: the caller's ETag and Last-Modified go out as If-None-Match and
  If-Modified-Since; a 304 comes back as :attr:`Response.not_modified` with no body.
* Limits: a timeout for each request as a whole, a body size limit (checked against
  Content-Length, and while reading, which stops past the limit), and only the content types
  the caller accepts.

Every failure is a :class:`FetchError` whose message is one line in words ("timed out after
10 s", "HTTP 404 Not Found"); the caller names the address.
"""

from __future__ import annotations

import http.client
import ipaddress
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
# A robots.txt the server failed to give (5xx, timeout) forbids the host for a while (RFC 9309
# treats the site as unreachable), and is asked again sooner than a good one.
ROBOTS_RETRY_SECONDS = 300.0
CHUNK = 64 * 1024
# A robots.txt Crawl-delay is obeyed up to this many seconds: a worker never sleeps longer per request.
MAX_CRAWL_DELAY = 60.0
ALLOW_HINT = "set FETCH_ALLOW_PRIVATE_HOSTS to allow it"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch that failed: the message is one line in words, without the address."""

    def __init__(self, message: str, *, status: int | None = None, refused: bool = False) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status of an error response
        self.refused = refused  # refused before asking (address, scheme, robots.txt)


@dataclass(frozen=True)
class Accept:
    """Content types a caller takes, and how to name them in an error."""

    types: frozenset[str]
    label: str
    header: str


PAGE = Accept(
    frozenset({"text/html", "application/xhtml+xml"}),
    "a web page (text/html)",
    "text/html,application/xhtml+xml;q=0.9",
)
FEED = Accept(
    frozenset(
        {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
    ),
    "a feed or sitemap (RSS, Atom or XML)",
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.8",
)


@dataclass(frozen=True)
class Policy:
    user_agent: str
    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    host_delay: float = 1.0  # seconds between two requests to one host; 0 for none
    allow_private: tuple[Network, ...] = ()
    obey_robots: bool = True
    robots_seconds: float = 3600.0
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True)
class Response:
    url: str  # the final address, after redirects
    status: int  # a 2xx code, or 304 when the caller's validators still hold
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    redirects: tuple[str, ...] = field(default=())  # the addresses before the final one
    location: str = ""  # where a redirect points (only while following)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``10.0.0.0/8``, ``127.0.0.1`` or ``::1`` as networks; raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (write 10.0.0.0/8)") from None
    return tuple(networks)


def _unmapped(ip: Address) -> Address:
    """``::ffff:10.0.0.1`` is 10.0.0.1."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def address_problem(ip: Address, allowed: Iterable[Network] = ()) -> str | None:
    """Why a request must not go to ``ip`` ("a private address"), or None when it may."""
    ip = _unmapped(ip)
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    for test, words in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return words
    return None


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # as sent in the Host header and for TLS (IDNA-encoded)
    port: int
    path: str  # path and query, percent-encoded

    @property
    def origin(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}" + ("" if self.port == default else f":{self.port}")


def _target(url: str) -> _Target:
    if any(ord(ch) <= 32 or ord(ch) == 127 for ch in url):
        raise FetchError("refused: the address contains whitespace or a control character", refused=True)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError("refused: not a well-formed address", refused=True) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"a {scheme}: address" if scheme else "an address without http:// or https://"
        raise FetchError(f"refused: only http and https addresses are fetched, this is {what}", refused=True)
    if not parts.hostname:
        raise FetchError("refused: the address has no host name", refused=True)
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"refused: {parts.hostname!r} is not a valid host name", refused=True) from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(url, scheme, host, port or (443 if scheme == "https" else 80), path)


class _PinnedHTTP(http.client.HTTPConnection):
    """Talks to ``host`` (Host header) over a connection to the address that was checked."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class FetchState:
    """What one process remembers between fetches: robots.txt per host, and when each host is
    next free. Shared by every fetch of a process (a Celery worker, a command)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._robots: dict[str, tuple[float, RobotFileParser]] = {}
        self._next_free: dict[str, float] = {}

    def clear(self) -> None:
        with self._lock:
            self._robots.clear()
            self._next_free.clear()

    def take_turn(self, host: str, delay: float) -> None:
        """Wait until ``host`` may be asked again, keeping ``delay`` seconds between requests."""
        if delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_free.get(host, -math.inf))
            self._next_free[host] = at + delay
        if at > now:
            time.sleep(at - now)

    def robots(self, origin: str) -> RobotFileParser | None:
        with self._lock:
            cached = self._robots.get(origin)
        if cached is None or cached[0] < time.monotonic():
            return None
        return cached[1]

    def remember_robots(self, origin: str, parser: RobotFileParser, seconds: float) -> None:
        with self._lock:
            self._robots[origin] = (time.monotonic() + seconds, parser)


STATE = FetchState()


class Fetcher:
    def __init__(self, policy: Policy, state: FetchState = STATE) -> None:
        self.policy = policy
        self.state = state

    def get(self, url: str, *, accept: Accept, etag: str = "", last_modified: str = "") -> Response:
        """Fetch ``url``, following up to ``max_redirects`` redirects, each hop checked."""
        headers = {"Accept": accept.header}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, accept=accept, robots=self.policy.obey_robots)

    def _follow(self, url: str, headers: dict[str, str], *, accept: Accept | None, robots: bool) -> Response:
        seen = [url]
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            target = _target(current)
            address = self._checked_address(target.host, target.port)
            if robots:
                self._check_robots(target)
            self.state.take_turn(target.host, self._delay(target))
            response = self._request(target, address, headers, accept)
            if response.status not in REDIRECTS:
                return replace(response, redirects=tuple(seen[:-1]))
            following = urljoin(current, response.location)
            if following in seen:
                raise FetchError("redirect loop: " + " → ".join([*seen[seen.index(following) :], following]))
            seen.append(following)
            current = following
        raise FetchError(f"more than {self.policy.max_redirects} redirects (the last to {current})")

    def _delay(self, target: _Target) -> float:
        delay = self.policy.host_delay
        parser = self.state.robots(target.origin) if self.policy.obey_robots else None
        if parser is not None:
            crawl_delay = parser.crawl_delay(self.policy.user_agent)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        return delay

    def _checked_address(self, host: str, port: int) -> str:
        """The address to connect to: resolved once, and refused unless every address is allowed."""
        try:
            addresses: list[Address] = [ipaddress.ip_address(host)]
            named = False
        except ValueError:
            named = True
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError):
                raise FetchError(f"host name {host} not found") from None
            addresses = list(
                dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
            )
        if not addresses:
            raise FetchError(f"host name {host} not found")
        addresses = [_unmapped(ip) for ip in addresses]
        for ip in addresses:
            if problem := address_problem(ip, self.policy.allow_private):
                where = f"{host} resolves to {ip}, {problem}" if named else f"{ip} is {problem}"
                raise FetchError(f"refused: {where}; {ALLOW_HINT}", refused=True)
        return str(addresses[0])

    def _check_robots(self, target: _Target) -> None:
        parser = self.state.robots(target.origin)
        if parser is None:
            parser, seconds = self._load_robots(target)
            self.state.remember_robots(target.origin, parser, seconds)
        if not parser.can_fetch(self.policy.user_agent, target.url):
            raise FetchError(
                f"refused by robots.txt ({target.origin}/robots.txt disallows it for this crawler)",
                refused=True,
            )

    def _load_robots(self, target: _Target) -> tuple[RobotFileParser, float]:
        fetcher = Fetcher(
            replace(self.policy, max_bytes=min(self.policy.max_bytes, ROBOTS_MAX_BYTES)),
            self.state,
        )
        try:
            response = fetcher._follow(
                f"{target.origin}/robots.txt", {"Accept": "text/plain"}, accept=None, robots=False
            )
        except FetchError as exc:
            if exc.refused:
                raise
            if exc.status is not None and 400 <= exc.status < 500:
                # RFC 9309: no robots.txt (404, 403...) means no rules.
                return _robots(["User-agent: *", "Disallow:"]), self.policy.robots_seconds
            # A server error or a timeout: the site counts as unreachable for a while.
            return _robots(["User-agent: *", "Disallow: /"]), ROBOTS_RETRY_SECONDS
        return _robots(response.body.decode("utf-8", "replace").splitlines()), self.policy.robots_seconds

    def _request(
        self, target: _Target, address: str, headers: dict[str, str], accept: Accept | None
    ) -> Response:
        timeout = self.policy.timeout
        deadline = time.monotonic() + timeout
        kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
        conn = kind(target.host, target.port, address, timeout)
        try:
            conn.request(
                "GET",
                target.path,
                headers={
                    **headers,
                    "User-Agent": self.policy.user_agent,
                    "Accept-Encoding": "identity",
                    "Connection": "close",
                },
            )
            resp = conn.getresponse()
            if resp.status in REDIRECTS:
                location = resp.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {resp.status} {resp.reason}: a redirect without a Location")
                return Response(target.url, resp.status, location=location.strip())
            if resp.status == 304 and ("If-None-Match" in headers or "If-Modified-Since" in headers):
                return Response(
                    target.url,
                    304,
                    etag=resp.getheader("ETag") or headers.get("If-None-Match", ""),
                    last_modified=resp.getheader("Last-Modified") or headers.get("If-Modified-Since", ""),
                )
            if not 200 <= resp.status < 300:
                raise FetchError(f"HTTP {resp.status} {resp.reason}".strip(), status=resp.status)
            content_type, charset = _content_type(resp.getheader("Content-Type") or "")
            if accept is not None and content_type not in accept.types:
                raise FetchError(f"content type {content_type or '(none given)'} is not {accept.label}")
            encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
            if encoding != "identity":
                raise FetchError(f"content encoding {encoding} was not asked for")
            body = self._read_body(conn, resp, deadline)
            return Response(
                target.url,
                resp.status,
                content_type=content_type,
                charset=charset,
                body=body,
                etag=resp.getheader("ETag") or "",
                last_modified=resp.getheader("Last-Modified") or "",
            )
        except TimeoutError:
            raise FetchError(f"timed out after {timeout:g} s") from None
        except ConnectionRefusedError:
            raise FetchError("connection refused (is the server up?)") from None
        except ssl.SSLError as exc:
            raise FetchError(f"TLS error: {exc.reason or exc}") from None
        except http.client.HTTPException as exc:
            raise FetchError(f"not a valid HTTP response ({type(exc).__name__}: {exc})") from None
        except OSError as exc:
            raise FetchError(f"network error: {exc.strerror or exc}") from None
        finally:
            conn.close()

    def _read_body(
        self, conn: http.client.HTTPConnection, resp: http.client.HTTPResponse, deadline: float
    ) -> bytes:
        limit = self.policy.max_bytes
        declared = resp.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > limit:
            raise FetchError(_too_big(int(declared), limit))
        chunks: list[bytes] = []
        size = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if conn.sock is not None:
                conn.sock.settimeout(left)
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise FetchError(_too_big(None, limit))
            chunks.append(chunk)
        return b"".join(chunks)


def _robots(lines: list[str]) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(lines)
    parser.modified()  # can_fetch() answers no until the rules are marked as read
    return parser


def _too_big(size: int | None, limit: int) -> str:
    if size is None:
        return f"the body is over the {limit:,}-byte limit (INGEST_MAX_BYTES); stopped reading"
    return f"the body is {size:,} bytes, over the {limit:,}-byte limit (INGEST_MAX_BYTES)"


def _content_type(header: str) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` as ``("text/html", "ISO-8859-1")``."""
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'")
    return kind.strip().lower(), charset
