"""manage.py import_corpus PATH… — add documents to the reference corpus (参考文献库)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dangjian.originality import services
from textreuse.loaders import InputError, check_paths, iter_sources


class Command(BaseCommand):
    help = (
        "Import reference documents: .txt files (UTF-8 or GB18030), folders of them, or .jsonl "
        "files with title/text/url or id. Strips site boilerplate, skips texts already in the "
        "corpus, indexes the rest for the originality check."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, paths, quiet, **options):
        try:
            check_paths(paths)
            with tqdm(desc="import", unit="doc", disable=quiet or not sys.stderr.isatty()) as bar:
                counts = services.corpus_import(iter_sources(paths), progress=bar.update)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"added {counts.added}, duplicates skipped {counts.duplicates}, empty skipped "
            f"{counts.empty}, characters {counts.chars:,}, boilerplate lines removed "
            f"{counts.removed_lines}"
        )
