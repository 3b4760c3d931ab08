"""manage.py originality_reindex — rebuild the textreuse index from the database."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from dangjian.originality import services


class Command(BaseCommand):
    help = "Rebuild the originality index from the reference corpus and indexed submissions."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, quiet, **options):
        with tqdm(desc="reindex", unit="doc", disable=quiet or not sys.stderr.isatty()) as bar:
            total = services.corpus_reindex(progress=bar.update)
        self.stdout.write(f"indexed {total} documents")
