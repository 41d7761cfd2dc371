"""Collection on several machines: crawl jobs on Celery over Redis, run by `yuqing worker`.

`yuqing collect --queue` and the web app's schedule (when ``broker_url`` is set) send one job
per source (queue.py); each worker runs a job in a fresh process (Twisted's reactor starts
once per process) after taking the leases of the source's hosts (hosts.py), so a site is
crawled by one job at a time and its delay and concurrency hold across workers. Jobs are
acknowledged when done: the job of a worker killed mid-crawl goes back to the queue (app.py),
and the frontier's claims (collect/claims.py) and the store's upsert by normalised URL make
the retry fetch what is left and store nothing twice.
"""
