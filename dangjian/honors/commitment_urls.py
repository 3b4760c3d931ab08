"""Pages of the commitment part (honors:commitment-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.honors import commitment_public_views as public_views
from dangjian.honors import commitment_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, scope_prefixes


def _signed_in(user) -> bool:
    return user.is_authenticated


def _reads_subtrees(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user, Action.VIEW)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("My commitments and posts"), "honors:commitment-mine", _signed_in, order=30),
    MenuEntry(
        _("Public commitments (公开承诺)"), "honors:commitment-overview", _reads_subtrees, order=31
    ),
)

urlpatterns = [
    path("commitments/", views.overview, name="commitment-overview"),
    path("commitments/mine/", views.mine, name="commitment-mine"),
    path("commitments/new/", views.create_own, name="commitment-create"),
    path("commitments/orgs/<int:pk>/", views.org_list, name="commitment-org"),
    path("commitments/orgs/<int:pk>/new/", views.org_create, name="commitment-org-create"),
    path("commitments/<int:pk>/", views.detail, name="commitment-detail"),
    path("commitments/<int:pk>/edit/", views.edit, name="commitment-edit"),
    path("commitments/<int:pk>/publish/", views.publish, name="commitment-publish"),
    path("commitments/<int:pk>/progress/", views.progress, name="commitment-progress"),
    path("commitments/<int:pk>/evaluate/", views.evaluate, name="commitment-evaluate"),
    path("o/<int:org_id>/", public_views.public_org, name="commitment-public"),
]
