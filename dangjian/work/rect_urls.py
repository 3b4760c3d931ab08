"""Pages of the rectification ledger (work:rect-…), and its link on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.work import rect_views as views


def _signed_in(user) -> bool:
    # Members see the rows they are responsible for and report on them.
    return user.is_authenticated


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Rectification ledger"), "work:rect-list", _signed_in, order=50),
)

urlpatterns = [
    path("rectifications/", views.rect_list, name="rect-list"),
    path("rectifications/new/", views.rect_create, name="rect-create"),
    path("rectifications/take-in/", views.rect_take_in, name="rect-take-in"),
    path("rectifications/ledger.xlsx", views.rect_export, name="rect-export"),
    path("rectifications/<int:pk>/", views.rect_detail, name="rect-detail"),
    path("rectifications/<int:pk>/accept/", views.rect_accept, name="rect-accept"),
]
