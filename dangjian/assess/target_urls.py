"""Pages of the target part (assess:target-…, assess:bulletin-…), and its links on the hub
page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.assess import bulletin_views, target_views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may, scope_prefixes


def _writes(user) -> bool:
    """Secretaries and the department write a committee's monthly targets."""
    return may(user, Action.CHANGE)


def _reads_a_subtree(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("My committee's monthly targets"), "assess:target-mine", _writes, order=30),
    MenuEntry(
        _("Monthly targets: supervision"), "assess:target-supervision", _reads_a_subtree, order=31
    ),
    MenuEntry(_("Supervision bulletins"), "assess:bulletin-list", _reads_a_subtree, order=32),
)

urlpatterns = [
    path("targets/", target_views.target_supervision, name="target-supervision"),
    path("targets/mine/", target_views.target_mine, name="target-mine"),
    path("targets/<int:pk>/", target_views.target_detail, name="target-detail"),
    path("targets/<int:pk>/mark/", target_views.target_mark, name="target-mark"),
    path("targets/org/<int:org_pk>/", target_views.target_history, name="target-history"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletin-list"),
    path("bulletins/new/", bulletin_views.bulletin_request, name="bulletin-request"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin-detail"),
    path(
        "bulletins/<int:pk>/download/",
        bulletin_views.bulletin_download,
        name="bulletin-download",
    ),
]
