"""Pages of the exemplar part (honors:exemplar-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.honors import exemplar_ledger_views as ledger_views
from dangjian.honors import exemplar_public_views as public_views
from dangjian.honors import exemplar_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may


def _staff(user) -> bool:
    # Those who change or read an organization's subtree: committees, nominating secretaries,
    # inspectors and the department.
    return user.is_authenticated and (
        user.is_superuser or may(user, Action.CHANGE) or may(user, Action.REVIEW)
    )


def _everyone(user) -> bool:
    return True


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Exemplar rounds (评先树优)"), "honors:exemplar-rounds", _staff, order=10),
    MenuEntry(_("Ledger of awards (台账)"), "honors:exemplar-ledger", _staff, order=11),
    MenuEntry(_("Honor roll (光荣榜)"), "honors:exemplar-roll", _everyone, order=12),
)

urlpatterns = [
    path("exemplar/", views.round_list, name="exemplar-rounds"),
    path("exemplar/new/", views.round_create, name="exemplar-round-create"),
    path("exemplar/<int:pk>/", views.round_detail, name="exemplar-round"),
    path("exemplar/<int:pk>/nominate/", views.nominate, name="exemplar-nominate"),
    path("exemplar/<int:pk>/close/", views.round_close, name="exemplar-round-close"),
    path("exemplar/<int:pk>/notice/", views.round_notice, name="exemplar-round-notice"),
    path("exemplar/<int:pk>/decide/", views.round_decide, name="exemplar-round-decide"),
    path("exemplar/nominations/<int:pk>/", views.nomination_detail, name="exemplar-nomination"),
    path(
        "exemplar/nominations/<int:pk>/review/",
        views.nomination_review,
        name="exemplar-review",
    ),
    path(
        "exemplar/nominations/<int:pk>/withdraw/",
        views.nomination_withdraw,
        name="exemplar-withdraw",
    ),
    path(
        "exemplar/objections/<int:pk>/answer/",
        views.objection_answer,
        name="exemplar-objection-answer",
    ),
    path("exemplar/attachments/<int:pk>/", views.attachment, name="exemplar-attachment"),
    path("exemplar/ledger/", ledger_views.ledger, name="exemplar-ledger"),
    path("exemplar/ledger/export/", ledger_views.ledger_export, name="exemplar-ledger-export"),
    path(
        "exemplar/awards/<int:pk>/publish/",
        ledger_views.award_publish,
        name="exemplar-award-publish",
    ),
    # Public, no login.
    path("n/<str:public_key>/", public_views.notice, name="exemplar-notice"),
    path("n/photos/<int:pk>/", public_views.photo, name="exemplar-public-photo"),
    path("roll/", public_views.roll, name="exemplar-roll"),
    path("roll/<int:pk>/", public_views.roll_detail, name="exemplar-roll-detail"),
]
