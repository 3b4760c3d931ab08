"""Numbers of 党员百时奉献 (volunteer service), named, each with its source.

"our number" marks a value the county did not fix: chosen here, changed here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dangjian.orgs.models import PartyStatus

# 党员百时奉献: at least 100 hours of unpaid service per member per year (the county's system,
# /work/shared/domain/README.md).
TARGET_HOURS = Decimal(100)

# Who owes the hours: full and probationary Party members (the county's system speaks of
# 党员; a probationary member is a Party member with every duty) — with an account or not,
# since the duty is the member's whatever the platform knows of them.
MEMBER_STATUSES = (PartyStatus.FULL, PartyStatus.PROBATIONARY)

# QR check-in window: from this long before an activity starts until it ends (our number:
# people arrive early; a scan after the end is not attendance).
CHECKIN_EARLY = datetime.timedelta(minutes=30)

# Hours a check-in credits: from the later of the check-in (its minute) and the activity's
# start, to the activity's end — who comes late is credited the time they were there (the
# county's system counts service actually given; a check-in that would count no minute is
# refused).

# The check-in QR code shown at the place is a signed code that expires after
# CHECKIN_CODE_MAX_AGE and that the organiser's screen page renews every
# CHECKIN_CODE_REFRESH (our numbers: a member who scans the newest code has at least
# max age − refresh = 8 minutes to log in and tap; a code sent home is dead within 10
# minutes; a printed code does not check in).
CHECKIN_CODE_MAX_AGE = datetime.timedelta(minutes=10)
CHECKIN_CODE_REFRESH = datetime.timedelta(minutes=2)

# The longest single record, self-reported or an activity (our number: a long day of flood
# duty; longer claims are split per day and checked by the secretary).
RECORD_MAX_HOURS = Decimal(12)

# How far back service may be reported (our number: two months keeps the evidence fresh
# and the secretary able to check it).
REPORT_MAX_DAYS_BACK = 60

# Texts (our numbers, fitting the columns).
ACTIVITY_TEXT_MAX = 200
BENEFICIARY_MAX = 120
REASON_MAX = 500
TITLE_MAX = 120
PLACE_MAX = 120
DESCRIPTION_MAX = 2000
CAPACITY_MAX = 10_000

# How far ahead an activity may be scheduled (our number: a year's plan).
ACTIVITY_MAX_DAYS_AHEAD = 366

# Reminders (our numbers): members behind the year's pace are told on these days (month,
# day) — the first day of the 2nd, 3rd and 4th quarters and of December, the last month
# left to catch up; secretaries are told about records pending longer than
# PENDING_REMIND_DAYS (once a week per organization while any is that old).
BEHIND_REMIND_DAYS: tuple[tuple[int, int], ...] = ((4, 1), (7, 1), (10, 1), (12, 1))
PENDING_REMIND_DAYS = 7

# Lists (our number, as orgs.rules.PAGE_SIZE).
PAGE_SIZE = 50

# Evidence photo: one per record, lib.images' limits.
EVIDENCE_FOLDER = "service"
