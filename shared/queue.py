"""Redis connections and the RQ queues. Queue names are constants; a test checks the worker
listens to exactly these."""

from __future__ import annotations

from functools import lru_cache

from redis import Redis
from rq import Queue

QUEUE_NOTICES = "notices"
QUEUE_SCANS = "scans"
QUEUE_MAIL = "mail"
QUEUE_DEFAULT = "default"
ALL_QUEUES = (QUEUE_NOTICES, QUEUE_SCANS, QUEUE_MAIL, QUEUE_DEFAULT)


@lru_cache(maxsize=4)
def redis_for(url: str) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def queue(name: str, url: str) -> Queue:
    return Queue(name, connection=redis_for(url))
