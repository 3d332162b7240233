"""URLs: which ones we fetch, how two spellings of one are compared, and where a host points.

Only http and https are fetched. A URL is compared in a normal form (lower-case scheme and host,
no default port, no fragment, no `utm_*` tracking parameters), so a feed that adds tracking to its
links does not make a stored article look new.
"""
from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.errors import FetchFailed

SCHEMES = ("http", "https")
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# The words of a refusal of a loopback or private-network host, which the Sources page explains.
PRIVATE_ADDRESS = "is a loopback or private-network address"
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def looks_like_url(text: str) -> bool:
    """Whether a command-line argument is meant as a URL (any scheme) rather than a path."""
    return bool(_URL_LIKE.match(text.strip()))


def check_url(url: str) -> str:
    """The URL, stripped, when it is one we may fetch; raises FetchFailed naming the reason."""
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        # Also keeps every failure line one line: a URL is printed in it.
        raise FetchFailed(url.encode("unicode_escape").decode("ascii"), "the URL contains spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise FetchFailed(url, f"only http and https URLs are fetched, not {parts.scheme or 'this'}:")
    if not parts.hostname:
        raise FetchFailed(url, "the URL has no host name")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchFailed(url, "the URL has an invalid port") from None
    return url


def normal_url(url: str) -> str:
    """The form in which URLs are stored and compared."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)) else None
    netloc = host + (f":{port}" if port else "")
    if parts.username:
        netloc = parts.username + (f":{parts.password}" if parts.password else "") + "@" + netloc
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public_host(url: str) -> None:
    """Raise FetchFailed when the URL's host resolves to a loopback or private address (or to none).

    The dashboard may serve several people: without this, anyone could make the server fetch
    pages of its own network. The address actually connected to is checked again (see `http`).
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(url, f"host not found ({host})") from None
    for info in infos:
        address = str(info[4][0])
        if not is_public(address):
            raise FetchFailed(url, private_refusal(host, address))


def private_refusal(host: str, address: str) -> str:
    return f"refused: {host} {PRIVATE_ADDRESS} ({address}); set NEWS_ALLOW_PRIVATE_URLS=1 to allow it"


def refused_as_private(reason: str) -> bool:
    """Whether a failure's reason is the refusal of a loopback or private-network host."""
    return PRIVATE_ADDRESS in reason
