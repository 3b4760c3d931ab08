"""The user's roles for the page header, read from the grants cached for the request."""

from django.http import HttpRequest

from dangjian.orgs.scoping import Action, Role, grants, may


def user_roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": []}
    role_names = dict(Role.choices)
    held = sorted({(g.role, g.org_id) for g in grants(user)})
    return {
        "nav_roles": [role_names[role] for role, _org in held],
        "nav_can_change": may(user, Action.CHANGE),
    }
