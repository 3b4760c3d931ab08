"""manage.py jobs_reap: fail background jobs whose worker stopped (run every minute).

Production runs it from a systemd timer or cron (README, "Background jobs"); the demo runs it
in a loop beside the worker.
"""

from django.core.management.base import BaseCommand

from dangjian.lib.jobs import STALE_AFTER, reap_stale_jobs


class Command(BaseCommand):
    help = f"Fail jobs whose heartbeat stopped more than {STALE_AFTER} ago."

    def handle(self, *args, **options) -> None:
        reaped = reap_stale_jobs(log=lambda line: self.stdout.write(line))
        if options["verbosity"] > 1 or reaped:
            self.stdout.write(f"{reaped} stale job(s) failed.")
