"""Pages of the round part (assess:round-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.assess import round_appeal_views, round_sheet_views, round_views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may


def _sees_rounds(user) -> bool:
    # Members see nothing of rounds; anyone who views a subtree may see a round's sheets.
    return user.is_authenticated and (may(user, Action.SCORE) or may(user, Action.CHANGE))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Assessment rounds"), "assess:round-list", _sees_rounds, order=20),
    MenuEntry(_("Appeals"), "assess:round-appeal-list", _sees_rounds, order=21),
)

urlpatterns = [
    path("rounds/", round_views.round_list, name="round-list"),
    path("rounds/new/", round_views.round_create, name="round-create"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/start/", round_views.round_start, name="round-start"),
    path("rounds/<int:pk>/publish/", round_views.round_publish, name="round-publish"),
    path("rounds/<int:pk>/ranking/", round_views.round_ranking, name="round-ranking"),
    path("sheets/<int:pk>/", round_sheet_views.sheet_detail, name="round-sheet"),
    path("sheets/<int:pk>/assign/", round_sheet_views.sheet_assign, name="round-sheet-assign"),
    path("sheets/<int:pk>/submit/", round_sheet_views.sheet_submit, name="round-sheet-submit"),
    path("sheets/<int:pk>/review/", round_sheet_views.sheet_review, name="round-sheet-review"),
    path("sheets/<int:pk>/appeal/", round_appeal_views.appeal_create, name="round-appeal-create"),
    path("appeals/", round_appeal_views.appeal_list, name="round-appeal-list"),
    path("appeals/<int:pk>/", round_appeal_views.appeal_detail, name="round-appeal"),
]
