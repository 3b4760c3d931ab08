"""Who may be named responsible (责任人) for a work item, a key project or a rectification —
one rule for every ledger of work tracking."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import Organization, Person

ERRORS = {
    "outside": _(
        "%(name)s belongs neither to %(org)s nor to an organization below it, so cannot be "
        "responsible here."
    ),
    "gone": _("%(name)s is no longer an active member and cannot be responsible."),
}


def responsible_error(person: Person, org: Organization) -> str | None:
    """Why `person` cannot be responsible for something of `org` — their organization lies
    outside `org`'s subtree, or they are no longer active (left the Party, inactive) — or None
    when they can. One query for the person's organization."""
    path = (
        Organization.objects.unscoped("the organization of the person named")
        .filter(pk=person.primary_org_id)
        .values_list("path", flat=True)
        .first()
    )
    if path is None or not path.startswith(org.path):
        return str(ERRORS["outside"] % {"name": person.name, "org": org.name})
    if not person.is_active or person.exit_on is not None:
        return str(ERRORS["gone"] % {"name": person.name})
    return None
