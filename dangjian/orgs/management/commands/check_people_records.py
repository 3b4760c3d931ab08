"""manage.py check_people_records [--list N]: which stored people records break the record
rules (services._validate_person) — records entered before the rules, or imported around them.

Nothing is changed. A county runs it once after upgrading, fixes the records it lists (an
export, corrected, imported back in update mode), and runs it again; an edit of a listed
record through the pages or an import is refused until that record is corrected.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from dangjian.orgs import services
from dangjian.orgs.models import Person


class Command(BaseCommand):
    help = "Count (and list the first N of) the people records that break the record rules."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--list", dest="limit", type=int, default=20, help="records to list (default 20)"
        )

    def handle(self, *args, limit: int, **options) -> None:
        people = Person.objects.unscoped("a system administrator's data check").select_related(
            "primary_org"
        )
        by_field: Counter[str] = Counter()
        broken = 0
        for person in people.iterator(chunk_size=2000):
            try:
                services._validate_person(person)
            except ValidationError as error:
                broken += 1
                by_field.update(error.message_dict.keys())
                if broken <= limit:
                    problems = "; ".join(
                        f"{name}: {' '.join(messages)}"
                        for name, messages in error.message_dict.items()
                    )
                    self.stdout.write(
                        f"#{person.pk} {person.name} ({person.primary_org.code}): {problems}"
                    )
        for name, count in by_field.most_common():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"{broken} of {people.count()} records break a rule.")
