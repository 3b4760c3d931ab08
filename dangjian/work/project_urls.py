"""Pages of key projects (项目化管理, work:project-…), and their link on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.lib.navigation import MenuEntry
from dangjian.work import project_views as views


def _signed_in(user) -> bool:
    # Members see the projects they are responsible for; everyone else those in reach.
    return user.is_authenticated


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Key projects"), "work:project-board", _signed_in, order=30),
)

urlpatterns: list = [
    path("projects/", views.project_board, name="project-board"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/report/", views.project_report, name="project-report"),
    path("projects/<int:pk>/finish/", views.project_finish, name="project-finish"),
]
