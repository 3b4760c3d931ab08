"""Pages of the kpi part (assess:kpi-…), and its links on the hub page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from dangjian.assess import kpi_views as views
from dangjian.lib.navigation import MenuEntry
from dangjian.orgs.scoping import Action, scope_prefixes


def _reads_units(user) -> bool:
    # Those who read an organization's whole subtree (department, secretaries, inspectors).
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user, Action.VIEW)))


HUB: tuple[MenuEntry, ...] = (
    MenuEntry(_("Performance indicators (业绩评价)"), "assess:kpi-units", _reads_units, order=40),
)

urlpatterns = [
    path("kpis/", views.kpi_units, name="kpi-units"),
    path("kpis/units/<int:pk>/", views.kpi_board, name="kpi-board"),
    path("kpis/units/<int:pk>/new/", views.kpi_create, name="kpi-create"),
    path("kpis/units/<int:pk>/import/", views.kpi_import, name="kpi-import"),
    path("kpis/units/<int:pk>/export/", views.kpi_export, name="kpi-export"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi-detail"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi-edit"),
    path("kpis/<int:pk>/deactivate/", views.kpi_deactivate, name="kpi-deactivate"),
    path("kpis/<int:pk>/values/new/", views.kpi_value, name="kpi-value"),
]
