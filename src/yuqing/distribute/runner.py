"""The web app's runner when a broker is set: "run now" and the schedule send jobs to the
workers instead of crawling in a child process of `yuqing serve`."""

from __future__ import annotations

import redis

from yuqing.collect.overlay import sources_in_force
from yuqing.distribute.queue import busy, enqueue
from yuqing.errors import InputError
from yuqing.web.scheduler import Runner


class QueueRunner(Runner):
    """Runner's methods, with jobs for the workers in place of child processes."""

    def running(self) -> set[str]:
        try:
            return busy(self.settings)
        except redis.RedisError:
            return set()  # the page still shows; the schedule's own errors are logged

    def start(self, name: str) -> bool:
        """Queue a job for the source; False when one is waiting or running already."""
        if name in self.running():
            return False
        found = [s for s in sources_in_force(self.settings, self.store) if s.name == name]
        if not found:
            raise InputError(f"no source {name!r}")
        return enqueue(self.settings, found)[name]

    def run(self, name: str) -> None:
        self.start(name)

    def stop(self) -> None:
        """Nothing to stop here: jobs run on the workers."""
