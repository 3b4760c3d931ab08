"""Navigation by role, built once per request from the user's grants."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.scoping import Action, Role, grants, roles, scope_prefixes
from dangjian.originality.rules import REVIEWER_ROLES


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_roles": []}
    items = [(reverse("home"), _("Home"))]
    if user.is_superuser or scope_prefixes(user, Action.VIEW):
        items += [
            (reverse("orgs:org-list"), _("Organizations")),
            (reverse("orgs:person-list"), _("People")),
            (reverse("orgs:org-terms"), _("Terms due")),
        ]
    elif Role.MEMBER in roles(user):
        items.append((reverse("orgs:person-list"), _("My record")))
    if user.is_superuser or roles(user) & REVIEWER_ROLES:
        items.append((reverse("originality:check-list"), _("Originality check")))
    role_names = dict(Role.choices)
    held = sorted({(g.role, g.org_id) for g in grants(user)})
    return {
        "nav_items": items,
        "nav_roles": [role_names[role] for role, _org in held],
        "nav_can_change": user.is_superuser or bool(scope_prefixes(user, Action.CHANGE)),
    }
