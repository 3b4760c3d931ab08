"""Pages of the visit part (work:visit-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may, person_id_of, scope_prefixes
from dangjian.work import visit_views as views


def _may_record(user) -> bool:
    # Managers record for their organizations; a cadre with a person record for the
    # organizations they are assigned to (the page says so when there are none).
    return user.is_authenticated and (may(user, Action.CHANGE) or person_id_of(user) is not None)


def _reads_a_subtree(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user)))


def _signed_in(user) -> bool:
    return user.is_authenticated


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Record a visit"), "work:visit-record", _may_record, order=40),
    MenuEntry(_("Visit log"), "work:visit-list", _signed_in, order=41),
    MenuEntry(_("Visit coverage"), "work:visit-coverage", _reads_a_subtree, order=42),
    MenuEntry(_("Contact assignments"), "work:visit-assignment-list", _signed_in, order=43),
)

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_record, name="visit-record"),
    path("visits/coverage/", views.visit_coverage, name="visit-coverage"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/delete/", views.visit_delete, name="visit-delete"),
    path("visits/assignments/", views.assignment_list, name="visit-assignment-list"),
    path("visits/assignments/new/", views.assignment_create, name="visit-assignment-create"),
    path("visits/assignments/<int:pk>/end/", views.assignment_end, name="visit-assignment-end"),
]
