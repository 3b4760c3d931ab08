"""Pages of the service part (honors:service-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.honors import service_activity_views as activity_views
from dangjian.honors import service_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import person_id_of, scope_prefixes


def _member(user) -> bool:
    return user.is_authenticated and person_id_of(user) is not None


def _reads_subtrees(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("My service hours (党员百时奉献)"), "honors:service-mine", _member, order=20),
    MenuEntry(
        _("Service activities"), "honors:service-activities", lambda u: u.is_authenticated, order=21
    ),
    MenuEntry(_("Service records to verify"), "honors:service-queue", _reads_subtrees, order=22),
    MenuEntry(
        _("Service hours by organization"), "honors:service-progress", _reads_subtrees, order=23
    ),
)

urlpatterns = [
    path("service/", views.service_mine, name="service-mine"),
    path("service/report/", views.service_report, name="service-report"),
    path("service/queue/", views.service_queue, name="service-queue"),
    path("service/progress/", views.service_progress, name="service-progress"),
    path("service/<int:pk>/", views.service_detail, name="service-detail"),
    path("service/<int:pk>/verify/", views.service_verify, name="service-verify"),
    path("service/<int:pk>/withdraw/", views.service_withdraw, name="service-withdraw"),
    path("service/<int:pk>/evidence/", views.service_evidence, name="service-evidence"),
    path("service/activities/", activity_views.activity_list, name="service-activities"),
    path("service/activities/new/", activity_views.activity_create, name="service-activity-create"),
    path("service/activities/<int:pk>/", activity_views.activity_detail, name="service-activity"),
    path(
        "service/activities/<int:pk>/signup/",
        activity_views.activity_signup,
        name="service-signup",
    ),
    path(
        "service/activities/<int:pk>/signup/cancel/",
        activity_views.activity_signup_cancel,
        name="service-signup-cancel",
    ),
    path(
        "service/activities/<int:pk>/cancel/",
        activity_views.activity_cancel,
        name="service-activity-cancel",
    ),
    path(
        "service/activities/<int:pk>/poster/",
        activity_views.activity_poster,
        name="service-activity-poster",
    ),
    # The check-in QR code (a signed code that expires): short, to keep the code easy to scan.
    path("s/<str:code>", activity_views.activity_checkin, name="service-checkin"),
]
