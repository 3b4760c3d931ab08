"""analyze(): the demo build leaves the planner real statistics, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import connection

from dangjian.lib.db import analyze
from dangjian.orgs import demo
from dangjian.orgs.models import Organization, Person

pytestmark = pytest.mark.django_db


def planner_rows(model) -> int | None:
    """The row count the planner believes, or None if the table was never analysed."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # pg_class is transactional: the test's own ANALYZE is visible before commit.
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            rows = cursor.fetchone()[0]
            return None if rows < 0 else int(rows)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        stats = [int(row[0].split()[0]) for row in cursor.fetchall()]
        return max(stats) if stats else None


def test_the_demo_build_analyzes_what_it_wrote():
    demo.build_county(orgs=40, members=300, seed=3, progress=False, today=datetime.date(2025, 6, 1))
    assert planner_rows(Person) == Person.objects.unscoped("test").count() == 300
    assert planner_rows(Organization) == 40


def test_analyze_without_models_or_with_a_repeated_one_is_safe(county):
    analyze()
    analyze(Person, Person)
    assert planner_rows(Person) == Person.objects.unscoped("test").count() == 2
