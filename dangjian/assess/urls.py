from django.urls import path

from dangjian.assess import eval_urls, kpi_urls, round_urls, ruleset_urls, target_urls, views

app_name = "assess"

urlpatterns = [
    path("", views.home, name="home"),
    *ruleset_urls.urlpatterns,
    *round_urls.urlpatterns,
    *target_urls.urlpatterns,
    *kpi_urls.urlpatterns,
    *eval_urls.urlpatterns,
]
