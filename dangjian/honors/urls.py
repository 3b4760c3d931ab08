from django.urls import path

from dangjian.honors import (
    commitment_urls,
    exemplar_urls,
    post_urls,
    service_urls,
    star_urls,
    views,
)

app_name = "honors"

urlpatterns = [
    path("", views.home, name="home"),
    *exemplar_urls.urlpatterns,
    *service_urls.urlpatterns,
    *commitment_urls.urlpatterns,
    *post_urls.urlpatterns,
    *star_urls.urlpatterns,
]
