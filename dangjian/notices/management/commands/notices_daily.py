"""manage.py notices_daily: each app's reminders (e.g. terms due), then due/overdue reminders.

Run once a day (README: a systemd timer or a cron line). Idempotent: a reminder that was sent
is not sent again (notice keys, `reminded_on`).
"""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from dangjian.notices.services import send_due_reminders


class Command(BaseCommand):
    help = "Create the day's reminders and remind of notices due tomorrow or overdue."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today: datetime.date | None, **options) -> None:
        today = today or timezone.localdate()
        for config in apps.get_app_configs():
            for dotted in getattr(config, "reminders", ()):
                sent = import_string(dotted)(today)
                self.stdout.write(f"{dotted}: {sent} notice(s)")
        self.stdout.write(f"due/overdue reminders: {send_due_reminders(today)}")
