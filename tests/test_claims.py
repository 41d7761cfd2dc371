"""Frontier claims: crawls running at the same time never hold the same URL; a dead crawl's
claims are taken over once their lease has run out; settling gives a claim back."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from yuqing.collect import claims
from yuqing.collect.frontier import Frontier
from yuqing.store.db import Store
from yuqing.store.models import CrawlUrl

URLS = [f"http://news.example.cn/2024/08/{n:02d}/a.html" for n in range(1, 41)]


def leftovers(store: Store, urls: list[str], owner: str | None = None, until: datetime | None = None) -> None:
    """Rows as an interrupted crawl leaves them: pending, maybe still claimed."""
    now = datetime.now().replace(microsecond=0)
    with store.session() as s:
        for url in urls:
            s.add(
                CrawlUrl(
                    url=url,
                    source="news",
                    status="pending",
                    attempts=0,
                    discovered_at=now,
                    updated_at=now,
                    lease_owner=owner,
                    lease_until=until,
                )
            )


def test_a_discovered_url_belongs_to_the_crawl_that_recorded_it_first(store: Store) -> None:
    first, second = Frontier(store), Frontier(store)
    assert first.owner != second.owner
    assert first.add(URLS[0], "news") and not second.add(URLS[0], "news")
    assert second.pending("news") == []  # first holds it
    first.settle(URLS[0], "failed", "timeout")
    first.flush()  # settled (outcomes are written in batches): the claim is given back
    assert second.pending("news") == [URLS[0]]


def test_crawls_claiming_at_once_split_the_leftovers_without_sharing_any(store: Store) -> None:
    leftovers(store, URLS)
    frontiers = [Frontier(store) for _ in range(4)]
    got: dict[str, list[str]] = {}
    start = threading.Barrier(len(frontiers))

    def take(frontier: Frontier) -> None:
        start.wait()
        got[frontier.owner] = frontier.pending("news")

    threads = [threading.Thread(target=take, args=(f,)) for f in frontiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [url for urls in got.values() for url in urls]
    assert sorted(taken) == sorted(URLS)  # every URL once: none lost, none held twice


def test_a_dead_crawls_claims_are_taken_over_when_the_lease_runs_out(store: Store) -> None:
    dead = Frontier(store, lease=0.5)
    for url in URLS[:3]:
        assert dead.add(url, "news")
    alive = Frontier(store, lease=60)
    assert alive.pending("news") == []
    time.sleep(0.6)
    assert sorted(alive.pending("news")) == URLS[:3]
    # the first crawl comes back to life: it cannot renew what is no longer its own
    assert claims.renew(store, "news", dead.owner, 60) == 0


def test_renewing_keeps_a_claim_and_releasing_frees_it(store: Store) -> None:
    crawl = Frontier(store, lease=0.5)
    crawl.add(URLS[0], "news")
    other = Frontier(store)
    for _ in range(3):  # renewed in time, it holds past its first lease
        time.sleep(0.3)
        assert claims.renew(store, "news", crawl.owner, 0.5) == 1
        assert other.pending("news") == []
    claims.release(store, "news", crawl.owner)
    assert other.pending("news") == [URLS[0]]
    with store.session() as s:
        row = s.scalars(select(CrawlUrl)).one()
        assert row.lease_owner == other.owner and row.status == "pending"


def test_claims_of_an_ended_process_of_this_machine_are_free_at_once(store: Store) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    later = datetime.now() + timedelta(hours=1)
    leftovers(store, URLS[:2], owner=f"{socket.gethostname()}:{ended.stdout.strip()}:abc", until=later)
    leftovers(store, URLS[2:4], owner="another-machine:1:abc", until=later)  # may be alive: wait
    assert sorted(Frontier(store).pending("news")) == URLS[:2]
