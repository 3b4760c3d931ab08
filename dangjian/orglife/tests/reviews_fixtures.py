"""A review round of village A1 with person_a (member_a) and two more members who have accounts."""

from __future__ import annotations

from django.utils import timezone


def review_round(county, extra: int = 2):
    from dangjian.conftest import make_person, make_user
    from dangjian.orglife import reviews_services
    from dangjian.orgs.models import Person

    for i in range(extra):
        person = make_person(county.superuser, county.village_a1, f"评议党员{i}")
        user = make_user(f"reviewer{i}_{person.pk}")
        Person.objects.unscoped("test: link the account").filter(pk=person.pk).update(user=user)
    return reviews_services.round_open(
        actor=county.superuser, org=county.village_a1, year=timezone.localdate().year
    )
