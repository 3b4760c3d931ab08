"""manage.py demo_county — build a realistic demo county (see dangjian.orgs.demo)."""

import unicodedata

from django.core.management.base import BaseCommand, CommandError

from dangjian.orgs import demo
from dangjian.orgs.models import OrgCategory


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(rows: list[tuple[str, ...]], indent: str = "  ") -> str:
    widths = [max(_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    rule = tuple("-" * width for width in widths)
    lines = []
    for row in [rows[0], rule, *rows[1:]]:
        lines.append(indent + "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


class Command(BaseCommand):
    help = (
        "Build a demo county: a county committee (code C001) with townships, villages, "
        "communities, county units and enterprises, their people and the demo accounts "
        "admin, county, township1, township2, village1, member1, member2 and inspector1. "
        "Does nothing "
        "if the demo county exists; --reset deletes it (the whole subtree under C001) first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--orgs", type=int, default=demo.DEFAULT_ORGS, help="number of organizations"
        )
        parser.add_argument(
            "--members", type=int, default=demo.DEFAULT_MEMBERS, help="number of people"
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="same seed, same county"
        )
        parser.add_argument(
            "--password",
            default=demo.DEFAULT_PASSWORD,
            help=f"password of every demo account (default {demo.DEFAULT_PASSWORD!r})",
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete the previous demo county first"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        try:
            summary = demo.build_county(
                orgs=options["orgs"],
                members=options["members"],
                seed=options["seed"],
                password=options["password"],
                reset=options["reset"],
                progress=not options["quiet"],
            )
        except demo.DemoCountyError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        write = self.stdout.write
        if summary.created:
            write(
                self.style.SUCCESS(
                    f"Built the demo county {summary.root_name} ({summary.root_code}), "
                    f"seed {summary.seed}."
                )
            )
        else:
            write(
                self.style.WARNING(
                    f"The demo county {summary.root_name} ({summary.root_code}) already exists; "
                    "nothing was changed (--reset rebuilds it)."
                )
            )
        categories = ", ".join(
            f"{OrgCategory(category).label} {count:,}"
            for category, count in sorted(summary.categories.items(), key=lambda item: -item[1])
        )
        write(f"  organizations  {summary.orgs:,}  ({categories})")
        write(f"  people         {summary.people:,}")
        write(f"  memberships    {summary.memberships:,}")
        for line in summary.app_lines:
            write(f"  {line}")
        write(f"  elapsed        {summary.elapsed:.1f} s")
        if summary.accounts:
            if not summary.created:
                # Printed every run: the demo's documented password, while it still works.
                password = (
                    demo.DEFAULT_PASSWORD
                    if demo.default_password_works()
                    else "as given when it was built"
                )
            elif options["password"] == demo.DEFAULT_PASSWORD:
                password = demo.DEFAULT_PASSWORD
            else:
                password = "as given with --password"
            write(f"\nDemo accounts (password: {password}):")
            rows = [("username", "role", "organization")]
            rows += [(a.username, a.role, a.organization) for a in summary.accounts]
            write(table(rows))
