"""Naming why a request failed, as the short reasons counted per source."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as neterror
from twisted.python.failure import Failure
from twisted.web import _newclient

from yuqing.collect.responses import OffsiteRedirect
from yuqing.errors import FetchError

# The server dropped the connection: reset before any answer, or in the middle of the body.
_RESET = (
    neterror.ConnectionLost,
    neterror.ConnectionDone,
    neterror.ConnectionAborted,
    _newclient.ResponseNeverReceived,
    _newclient.ResponseFailed,
    ResponseDataLossError,
    DownloadFailedError,
)


def failure_reason(failure: Failure) -> str:
    """http_404, robots, redirect_loop, offsite_redirect, timeout, dns, connection,
    connection_reset, too_large, needs_browser or fetch_error."""
    message = failure.getErrorMessage().lower()
    error = failure.value
    if isinstance(error, FetchError):
        return error.reason
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, OffsiteRedirect):
        return "offsite_redirect"
    if "download_maxsize" in message or "max size" in message:  # decompressed past the limit
        return "too_large"
    if isinstance(error, IgnoreRequest):
        if "robots" in message:
            return "robots"
        return "redirect_loop" if "redirect" in message else "ignored"
    if isinstance(error, DownloadTimeoutError | neterror.TimeoutError | neterror.TCPTimedOutError):
        return "timeout"
    if isinstance(error, CannotResolveHostError | neterror.DNSLookupError):
        return "dns"
    if isinstance(error, DownloadConnectionRefusedError | neterror.ConnectionRefusedError):
        return "connection"
    if isinstance(error, DownloadCancelledError) or "max size" in message:
        return "too_large"  # Scrapy cancels a download only when it passes DOWNLOAD_MAXSIZE
    if isinstance(error, _RESET) or "connection reset" in message or "connection was closed" in message:
        return "connection_reset"
    return "fetch_error"
