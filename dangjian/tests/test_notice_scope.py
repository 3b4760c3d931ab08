"""Notices belong to one account: nobody lists, reads or counts another account's notices; the
unread count in the page header is read once per request."""

from __future__ import annotations

import pytest
from django.http import Http404

from dangjian.notices import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(county):
    services.notice_send(recipients=[county.secretary_a], subject="甲镇换届提醒")
    services.notice_send(recipients=[county.secretary_b], subject="乙镇换届提醒")
    return {n.recipient_id: n for n in selectors.notice_list(county.secretary_a)} | {
        n.recipient_id: n for n in selectors.notice_list(county.secretary_b)
    }


def test_each_account_sees_only_its_own_notices(county, notices):
    assert [n.subject for n in selectors.notice_list(county.secretary_b)] == ["乙镇换届提醒"]
    with pytest.raises(Http404):
        selectors.notice_get(county.secretary_b, notices[county.secretary_a.pk].pk)
    assert selectors.unread_count(county.secretary_b) == 1
    assert selectors.unread_count(county.inspector_b) == 0


def test_unread_count_is_read_once_per_request(county, notices, django_assert_num_queries):
    user = county.secretary_b
    with django_assert_num_queries(1):
        assert selectors.unread_count(user) == 1
        assert selectors.unread_count(user) == 1
