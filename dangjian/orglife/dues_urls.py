"""URLs of the dues part (党费), with 民主评议党员 and 换届 (same part)."""

from django.urls import path

from dangjian.orglife import dues_views, reviews_urls

urlpatterns = [
    path("dues/", dues_views.dues_home, name="dues-home"),
    path("dues/org/<int:pk>/", dues_views.dues_org, name="dues-org"),
    path("dues/org/<int:pk>/owed/", dues_views.dues_owed, name="dues-owed"),
    path("dues/org/<int:pk>/summary/", dues_views.dues_summary, name="dues-summary"),
    path("dues/org/<int:pk>/publication/", dues_views.dues_publication, name="dues-publication"),
    path("dues/org/<int:pk>/ledger.xlsx", dues_views.dues_ledger_xlsx, name="dues-ledger-xlsx"),
    path("dues/org/<int:pk>/base/", dues_views.dues_base, name="dues-base"),
    path("dues/org/<int:pk>/pay/", dues_views.dues_pay, name="dues-pay"),
    path("dues/org/<int:pk>/import/", dues_views.dues_import, name="dues-import"),
    path("dues/person/<int:pk>/", dues_views.dues_person, name="dues-person"),
]
urlpatterns += reviews_urls.urlpatterns
