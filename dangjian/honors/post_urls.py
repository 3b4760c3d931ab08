"""Pages of the post part (honors:post-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.honors import post_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, scope_prefixes


def _reads_subtrees(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user, Action.VIEW)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Posts and duties (设岗定责)"), "honors:post-list", _reads_subtrees, order=35),
)

urlpatterns = [
    path("posts/", views.post_list, name="post-list"),
    path("posts/orgs/<int:pk>/new/", views.post_create, name="post-create"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/holder/", views.post_assign, name="post-assign"),
]
