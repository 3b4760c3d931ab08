"""manage.py demo_originality — reference corpus and checked study notes for the demo."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from dangjian.originality import demo

SHARED_SAMPLE = settings.BASE_DIR.parent / "shared" / "corpus-sample"


class Command(BaseCommand):
    help = (
        "Import the reference corpus (../shared/corpus-sample when present, else synthetic "
        "essays) and file a few study notes that copy from it, each checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, default=SHARED_SAMPLE)

    def handle(self, *args, corpus, **options):
        used = corpus if corpus.is_dir() else None
        summary = demo.build(corpus_path=used)
        if not (summary.corpus_added or summary.notes):
            self.stdout.write("The originality demo data exists already; nothing changed.")
            return
        origin = str(used) if used else "synthetic essays"
        self.stdout.write(
            f"Reference corpus: {summary.corpus_added} documents from {origin}. "
            f"Study notes filed and checked: {summary.notes}."
        )
