"""Overdue is computed on the local date (Asia/Shanghai): an item due 2026-01-31 is overdue
from 2026-02-01 00:00 +08:00, i.e. 2026-01-31 16:00 UTC — with `today=` (pure) and once
through the system clock moved by time-machine (the API)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from dangjian.work import progress_selectors as selectors
from dangjian.work import progress_services as services
from dangjian.work import tracking
from dangjian.work.models import WorkItem
from dangjian.work.tests import fixtures

JAN_31 = datetime.date(2026, 1, 31)
FEB_1 = datetime.date(2026, 2, 1)


def due_on(county, deadline: datetime.date, **extra) -> WorkItem:
    item = fixtures.item(county, **extra)
    WorkItem.objects.unscoped("test").filter(pk=item.pk).update(
        deadline=deadline, first_deadline=deadline
    )
    return WorkItem.objects.unscoped("test").get(pk=item.pk)


@pytest.mark.parametrize(
    ("deadline", "today", "overdue", "days"),
    [
        (JAN_31, JAN_31, False, 0),  # the whole deadline day is still in time
        (JAN_31, FEB_1, True, 1),  # month end → first of the month
        (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1), True, 1),  # February's end
        (datetime.date(2028, 2, 29), datetime.date(2028, 3, 1), True, 1),  # a leap year's
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 1), True, 1),  # the year's end
        (JAN_31, datetime.date(2026, 3, 2), True, 30),
    ],
)
def test_overdue_by_local_date(county, deadline, today, overdue, days):
    item = due_on(county, deadline)
    assert tracking.is_overdue(item, today) is overdue
    assert tracking.days_overdue(item, today) == days
    listed = selectors.items_visible(county.secretary_a, status="overdue", today=today)
    assert (item in listed) is overdue
    soon = selectors.items_visible(county.secretary_a, status="due_soon", today=today)
    assert (item in soon) is not overdue


def test_report_on_the_first_of_the_month_needs_the_explanation(county):
    item = due_on(county, JAN_31)
    services.item_report(actor=county.member_a, item=item, outcome="partly", text="x", today=JAN_31)
    with pytest.raises(ValidationError) as caught:
        services.item_report(
            actor=county.member_a, item=item, outcome="partly", text="x", today=FEB_1
        )
    assert set(caught.value.message_dict) == {"reason", "measures", "new_deadline"}


def test_due_soon_window_crosses_the_month_end(county):
    item = due_on(county, datetime.date(2026, 2, 2))
    assert item in selectors.items_visible(
        county.secretary_a, status="due_soon", today=datetime.date(2026, 1, 30)
    )
    assert item not in selectors.items_visible(
        county.secretary_a, status="due_soon", today=datetime.date(2026, 1, 29)
    )


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        ((2026, 1, 31, 15, 59, 59), {"overdue": False, "days_overdue": 0}),
        ((2026, 1, 31, 16, 0, 1), {"overdue": True, "days_overdue": 1}),
    ],
)
def test_real_clock_around_local_midnight(client, county, utc, expected):
    """The system clock moved (time-machine), nothing passed in: the API answers from the
    date in Asia/Shanghai, one second either side of its midnight."""
    import time_machine

    item = due_on(county, JAN_31)
    client.force_login(county.secretary_a)
    with time_machine.travel(datetime.datetime(*utc, tzinfo=datetime.UTC), tick=False):
        data = client.get(f"/api/v1/work/items/{item.pk}").json()
        overdue_ids = [
            row["id"] for row in client.get("/api/v1/work/items?status=overdue").json()["results"]
        ]
    assert {key: data[key] for key in expected} == expected
    assert (item.pk in overdue_ids) is expected["overdue"]
