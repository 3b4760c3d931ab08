"""The organization-life panel on the kernel's person page (AppConfig.person_panel)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from dangjian.orglife import transfer_selectors
from dangjian.orgs.models import PartyStatus, Person

# Who has a development record to open (群众 have none until they apply), and who pays dues.
IN_DEVELOPMENT_OR_MEMBER = {
    PartyStatus.APPLICANT,
    PartyStatus.ACTIVIST,
    PartyStatus.CANDIDATE,
    PartyStatus.PROBATIONARY,
    PartyStatus.FULL,
}
PAYS_DUES = {PartyStatus.PROBATIONARY, PartyStatus.FULL}


def person_panel(request: HttpRequest, person: Person) -> str | None:
    """转接中 with the letter (one query, scoped to the viewer), and links to the person's
    发展党员纪实 and 党费 pages — both open to whoever may see the person page."""
    pending = (
        transfer_selectors.transfers_pending(request.user)
        .filter(person=person)
        .select_related("from_org", "to_org")
        .first()
    )
    context = {
        "person": person,
        "pending": pending,
        "development": person.party_status in IN_DEVELOPMENT_OR_MEMBER,
        "dues": person.party_status in PAYS_DUES,
    }
    if not (pending or context["development"] or context["dues"]):
        return None
    return render_to_string("orglife/person_panel.html", context, request=request)
