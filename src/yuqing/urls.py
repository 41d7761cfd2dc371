"""URL normalisation: one article has one URL whatever link led to it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from.
TRACKING_PARAMS = frozenset(
    {
        "from",
        "spm",
        "share_token",
        "isappinstalled",
        "wxshare_count",
        "share",
        "sharefrom",
        "fbclid",
        "gclid",
        "scene",
        "clicktime",
        "enterid",
        "timestamp",
        "ref",
        "tt_from",
    }
)


MOBILE_PREFIXES = ("m.", "wap.", "3g.", "mobile.")


def normalise_url(url: str) -> str:
    """Canonical form: lower-case scheme and host, a mobile host (m., wap., 3g.) read as the
    desktop www. host, no default port, no fragment, no tracking parameters; the path and the
    remaining query are kept as given (servers may care). The form is an identity key only:
    articles keep the URL they were found at."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = parts.hostname.lower()
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = "www." + host[len(prefix) :]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", _untracked(parts.query), ""))


def without_tracking(url: str) -> str:
    """``url`` as found, less its tracking parameters (utm_*, spm, from …): the link a report
    prints. Anything that is not an http(s) URL is given back as it is."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _untracked(parts.query), parts.fragment))


def _untracked(query: str) -> str:
    kept = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    return urlencode(kept)
