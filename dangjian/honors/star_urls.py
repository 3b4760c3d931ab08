"""Pages of the star part (honors:star-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.honors import star_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, scope_prefixes


def _reads_subtrees(user) -> bool:
    # Ratings belong to organizations: those who read a subtree (department, secretaries,
    # inspectors). Members see the public plaque list.
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user, Action.VIEW)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Star ratings (评星挂牌)"), "honors:star-list", _reads_subtrees, order=50),
)

urlpatterns = [
    path("stars/", views.star_list, name="star-list"),
    path("stars/run/", views.star_run, name="star-run"),
    path("stars/publish/", views.star_publish, name="star-publish"),
    path("stars/orgs/<int:pk>/", views.star_history, name="star-history"),
    path("stars/criteria/<int:pk>/<int:year>/", views.star_criteria, name="star-criteria"),
    path("stars/<int:year>/plaque/", views.star_plaque, name="star-plaque"),
    path("stars/<int:year>/plaque.docx", views.star_plaque_docx, name="star-plaque-docx"),
    path("stars/<int:year>/public", views.star_public, name="star-public"),
]
