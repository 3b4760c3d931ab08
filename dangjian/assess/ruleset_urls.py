"""Pages of the ruleset part (assess:ruleset-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.assess import ruleset_views as views
from dangjian.assess.ruleset_selectors import rulesets_for
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, may


def _sees_rulesets(user) -> bool:
    # Whoever may issue rule sets (no query), or sees any (one query, on the hub page only).
    if not user.is_authenticated:
        return False
    return may(user, Action.CHANGE) or rulesets_for(user).exists()


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Rule sets (考核细则)"), "assess:ruleset-list", _sees_rulesets, order=10),
)

urlpatterns: list = [
    path("rulesets/", views.ruleset_list, name="ruleset-list"),
    path("rulesets/defaults/", views.ruleset_defaults, name="ruleset-defaults"),
    path("rulesets/<int:pk>/", views.ruleset_detail, name="ruleset-detail"),
    path("rulesets/<int:pk>/new-version/", views.ruleset_new_version, name="ruleset-new-version"),
    path("rulesets/<int:pk>/activate/", views.ruleset_activate, name="ruleset-activate"),
    path("rulesets/<int:pk>/items/new/", views.ruleset_item_add, name="ruleset-item-add"),
    path("rulesets/items/<int:pk>/", views.ruleset_item_edit, name="ruleset-item-edit"),
    path("rulesets/items/<int:pk>/delete/", views.ruleset_item_delete, name="ruleset-item-delete"),
    path("rulesets/<int:pk>/import/", views.ruleset_import, name="ruleset-import"),
    path("rulesets/<int:pk>/export/", views.ruleset_export, name="ruleset-export"),
]
