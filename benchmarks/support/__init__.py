"""What the benchmark scripts share: an app on a throwaway database, an empty schema there, and
the timing of pages through the app beside the queries each takes."""

from __future__ import annotations

import secrets
import statistics
import time

from sqlalchemy import event, text

from academy import create_app
from academy.extensions import db


def make_app(url: str, **config):
    return create_app({
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Whatever ACADEMY_ENV says, a throwaway secret is safe for a benchmark.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "WTF_CSRF_ENABLED": False,
        **config,
    })


def empty_schema() -> None:
    """Drop everything and build the schema from the models (PostgreSQL: the public schema)."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    db.create_all()


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def measure(engine, client, urls: list[str], repeat: int) -> dict:
    counter = Counter()
    event.listen(engine, "before_cursor_execute", counter)
    times, queries = [], []
    try:
        for url in urls:  # warm up each page once
            assert client.get(url).status_code == 200, url
        for _ in range(repeat):
            for url in urls:
                counter.count = 0
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                queries.append(counter.count)
                assert response.status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "queries_per_page": round(statistics.mean(queries), 1),
        "max_queries": max(queries),
        "requests": len(times),
    }
