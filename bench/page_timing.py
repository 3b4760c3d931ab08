"""Timing a page through Django's test client (full middleware, no network), shared by the
page benchmarks (pages_bench, study_bench, orglife_bench). Import after django.setup()."""

from __future__ import annotations

import statistics
import time

HEADER = f"{'user':<10} {'page':<18} {'median ms':>9} {'p95 ms':>7} {'queries':>7}"


def time_page(client, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and p95 milliseconds of `repeat` GETs of `url` (each must answer 200), and the
    queries of the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries.captured_queries)


def row(username: str, name: str, figures: tuple[float, float, int]) -> str:
    median, p95, queries = figures
    return f"{username:<10} {name:<18} {median:>9.1f} {p95:>7.1f} {queries:>7}"


def print_pages(pages: dict[str, list[tuple[str, str]]], repeat: int) -> None:
    """Time each (name, url) as its user (logged in once, one warm-up GET each) and print the
    table: the loop every page benchmark ran."""
    from django.test import Client

    from dangjian.orgs.models import User

    print(HEADER)
    for username, urls in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for name, url in urls:
            client.get(url)  # warm the caches a real server would have
            print(row(username, name, time_page(client, url, repeat)))
