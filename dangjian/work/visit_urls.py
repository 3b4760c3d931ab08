"""Pages of the visit part (work:visit-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may
from dangjian.orgs.selectors import person_for_user
from dangjian.work import visit_views as views
from dangjian.work.selectors import reads_a_subtree
from dangjian.work.tracking import local_today
from dangjian.work.visit_selectors import my_assigned_orgs


def _may_record(user) -> bool:
    # Managers record for their organizations; a cadre for the organizations they are
    # assigned to today (one query, on the hub page only).
    if not user.is_authenticated:
        return False
    if may(user, Action.CHANGE):
        return True
    person = person_for_user(user)
    return person is not None and bool(my_assigned_orgs(person, local_today()))


def _signed_in(user) -> bool:
    return user.is_authenticated


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Record a visit"), "work:visit-record", _may_record, order=40),
    MenuEntry(_("Visit log"), "work:visit-list", _signed_in, order=41),
    MenuEntry(_("Visit coverage"), "work:visit-coverage", reads_a_subtree, order=42),
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
