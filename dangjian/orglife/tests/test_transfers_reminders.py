"""Daily reminders of letters about to expire (to the receiver) and expired (to the sender)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from dangjian.notices.models import Notice
from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.tests.matrix_transfer import issued
from dangjian.orglife.transfer_reminders import transfer_expiry_reminders


def test_receiver_hears_at_the_window_and_sender_once_expired(county):
    today = timezone.localdate()
    days = rules.LETTER_VALID_DAYS_DEFAULT
    window = rules.REMIND_DAYS_BEFORE_EXPIRY
    transfer = issued(
        county, to_org=county.village_b1, issued_on=today - datetime.timedelta(days=days - window)
    )
    # One day before the window: nobody is told.
    assert transfer_expiry_reminders(today - datetime.timedelta(days=1)) == 0
    assert transfer_expiry_reminders(today) == 1
    assert transfer_expiry_reminders(today) == 0  # once
    assert Notice.objects.get().recipient == county.secretary_b
    expired = transfer.valid_until + datetime.timedelta(days=1)
    assert transfer_expiry_reminders(expired) == 1
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
