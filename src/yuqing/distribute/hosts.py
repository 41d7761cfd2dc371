"""Leases on the hosts a crawl job visits, in Redis: one job per host at a time, across workers.

A source's crawl takes a lease on each of its hosts (``www.`` dropped, so two sources that
share a site share its lease) before it starts, and renews them every third of their length
while it runs. A worker that dies stops renewing; its leases run out after ``collect_lease``
seconds and the job, retried elsewhere, can take them. Within the job Scrapy keeps the
source's delay and concurrency, so the site sees the pace its registry entry asks for
however many workers there are. The locks are redis-py's (SET NX PX and a checked release).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

import redis
from redis.exceptions import LockError

PREFIX = "yuqing:host:"


def host_key(domain: str) -> str:
    return PREFIX + domain.lower().removeprefix("www.")


def token_for(source: str) -> str:
    """source@host:pid — the lease says which job holds it (shown as running in the web app)."""
    return f"{source}@{socket.gethostname()}:{os.getpid()}"


class HostLeases:
    """The leases of one job on its hosts: all taken, or none."""

    def __init__(self, client: redis.Redis, source: str, domains: Iterable[str], ttl: float) -> None:
        keys = sorted({host_key(d) for d in domains})
        self.ttl = ttl
        self.token = token_for(source)
        self._locks = [client.lock(key, timeout=ttl, thread_local=False) for key in keys]
        self._held: list[redis.lock.Lock] = []

    def acquire(self) -> bool:
        """Take every lease now, or none (False: another job crawls one of the hosts)."""
        for lock in self._locks:
            if not lock.acquire(blocking=False, token=self.token):
                self.release()
                return False
            self._held.append(lock)
        return True

    def renew(self) -> None:
        for lock in self._held:
            lock.reacquire()  # back to the full ttl; LockNotOwnedError if it ran out and was taken

    def release(self) -> None:
        for lock in self._held:
            with suppress(LockError):  # ran out already: nothing to give back
                lock.release()
        self._held = []

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Renew the leases in a background thread while the block runs; release them after."""
        done = threading.Event()

        def keep() -> None:
            while not done.wait(self.ttl / 3):
                with suppress(LockError, redis.RedisError):
                    self.renew()

        thread = threading.Thread(target=keep, name="host-leases", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            self.release()


def crawling(client: redis.Redis) -> set[str]:
    """The sources whose jobs hold host leases now, on any worker."""
    names = set()
    for key in client.scan_iter(match=PREFIX + "*", count=500):
        token = client.get(key)
        if token:
            names.add(text(token).partition("@")[0])
    return names


def text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
