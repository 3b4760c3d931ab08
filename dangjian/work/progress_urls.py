"""Pages of the progress part (work:…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.work import progress_views as views
from dangjian.work.selectors import reads_a_subtree


def _signed_in(user) -> bool:
    return user.is_authenticated


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("My work items"), "work:item-mine", _signed_in, order=20),
    MenuEntry(_("Overdue items"), "work:item-overdue", reads_a_subtree, order=21),
    MenuEntry(_("Due soon"), "work:item-due-soon", reads_a_subtree, order=22),
)

urlpatterns = [
    path("items/", views.item_list, name="item-list"),
    path("items/overdue/", views.item_overdue, name="item-overdue"),
    path("items/due-soon/", views.item_due_soon, name="item-due-soon"),
    path("items/mine/", views.item_mine, name="item-mine"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/report/", views.item_report, name="item-report"),
    path("items/<int:pk>/close/", views.item_close, name="item-close"),
    path("items/<int:pk>/return/", views.item_return, name="item-return"),
    path("items/<int:pk>/deadline/", views.item_deadline, name="item-deadline"),
]
