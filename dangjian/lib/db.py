"""Database helpers that barely touch Django.

`analyze(*models)` refreshes the planner's statistics after a bulk write. PostgreSQL's
autovacuum would do it eventually, but it may be off (it is on some of our servers) or late:
a freshly built county of 30,000 people is otherwise planned as if its tables were empty, and
a people list nested-loops over every organization (698 ms instead of 33 ms).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def analyze(*models, using: str = DEFAULT_DB_ALIAS) -> None:
    """ANALYZE the tables of `models` (every table when none is named).

    Safe anywhere: PostgreSQL and SQLite get ANALYZE (inside a transaction too), any other
    database nothing. Cheap: PostgreSQL samples 30,000 rows per table; SQLite reads each
    named table once.
    """
    connection = connections[using]
    tables = list(dict.fromkeys(model._meta.db_table for model in models))
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        statements = [f"ANALYZE {', '.join(quote(t) for t in tables)}" if tables else "ANALYZE"]
    elif connection.vendor == "sqlite":
        statements = [f"ANALYZE {quote(t)}" for t in tables] if tables else ["ANALYZE"]
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
