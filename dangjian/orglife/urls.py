from django.urls import path

from dangjian.orglife import (
    development_urls,
    dues_urls,
    meeting_urls,
    transfer_urls,
    views,
)

app_name = "orglife"

urlpatterns = [
    path("", views.home, name="home"),
    *meeting_urls.urlpatterns,
    *development_urls.urlpatterns,
    *transfer_urls.urlpatterns,
    *dues_urls.urlpatterns,
]
